// Draws a chain's stages as a left-to-right flow (ECharts Sankey) from the data the page carries.
(function () {
  const element = document.getElementById('panorama-chart');
  if (!element || !window.echarts) {
    return;
  }

  const data = JSON.parse(element.dataset.panorama);
  const chart = window.echarts.init(element);
  chart.setOption({
    tooltip: { trigger: 'item' },
    series: [{
      type: 'sankey',
      data: data.nodes,
      links: data.links,
      nodeAlign: 'justify',
      emphasis: { focus: 'adjacency' },
      itemStyle: { color: data.colour, borderColor: data.colour },
      lineStyle: { color: 'source', opacity: 0.35, curveness: 0.5 },
      label: { fontSize: 12 }
    }]
  });
  window.addEventListener('resize', () => chart.resize());
})();

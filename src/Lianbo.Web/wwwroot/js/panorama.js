// Draws a chain's stages as a left-to-right flow (ECharts Sankey) from the data the page carries. Stages and
// edges on a joint exhibit's path are drawn stronger; a stage's label carries its number of participants.
(function () {
  const element = document.getElementById('panorama-chart');
  if (!element || !window.echarts) {
    return;
  }

  const data = JSON.parse(element.dataset.panorama);
  const chart = window.echarts.init(element);
  // Marked once drawn, animations included: screenshots wait for it.
  chart.on('finished', () => { element.dataset.finished = 'true'; });
  chart.setOption({
    tooltip: { trigger: 'item' },
    series: [{
      type: 'sankey',
      data: data.nodes.map(function (n) {
        return {
          name: n.name,
          itemStyle: n.path ? { color: '#d9480f', borderColor: '#d9480f' } : undefined,
          label: { formatter: n.participants > 0 ? n.name + ' (' + n.participants + ')' : n.name }
        };
      }),
      links: data.links.map(function (l) {
        return { source: l.source, target: l.target, value: l.value, lineStyle: l.path ? { color: '#d9480f', opacity: 0.7 } : undefined };
      }),
      nodeAlign: 'justify',
      emphasis: { focus: 'adjacency' },
      itemStyle: { color: data.colour, borderColor: data.colour },
      lineStyle: { color: 'source', opacity: 0.35, curveness: 0.5 },
      label: { fontSize: 12 }
    }]
  });
  window.addEventListener('resize', () => chart.resize());
})();

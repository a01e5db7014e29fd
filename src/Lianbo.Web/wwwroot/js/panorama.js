// Draws a chain's stages as a left-to-right flow (ECharts Sankey) from the data the page carries. Stages and
// edges on a joint exhibit's path are drawn stronger; a stage's label carries its number of participants. Labels
// break into lines no wider than the gap between two columns, so that they overlap neither each other nor the next
// column; the page's legend (#panorama-legend) is below the chart, never on it.
(function () {
  const element = document.getElementById('panorama-chart');
  if (!element || !window.echarts) {
    return;
  }

  const data = JSON.parse(element.dataset.panorama);
  // Columns: the longest path of stages (the Sankey puts each stage as far right as its suppliers push it).
  const column = new Map(data.nodes.map(n => [n.name, 0]));
  for (let pass = 0; pass < data.nodes.length; pass++) {
    for (const l of data.links) {
      column.set(l.target, Math.max(column.get(l.target) ?? 0, (column.get(l.source) ?? 0) + 1));
    }
  }
  const columns = Math.max(1, ...column.values()) + 1;
  const margin = { left: 12, right: 150 };
  const nodeWidth = 16;
  const labelWidth = () => Math.max(60, Math.floor((element.clientWidth - margin.left - margin.right) / Math.max(1, columns - 1)) - nodeWidth - 12);

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
      left: margin.left,
      right: margin.right,
      nodeWidth: nodeWidth,
      emphasis: { focus: 'adjacency' },
      itemStyle: { color: data.colour, borderColor: data.colour },
      lineStyle: { color: 'source', opacity: 0.35, curveness: 0.5 },
      label: { fontSize: 12, width: labelWidth(), overflow: 'break', lineHeight: 14, backgroundColor: 'rgba(255,255,255,0.75)', padding: [1, 2] }
    }]
  });
  window.addEventListener('resize', () => {
    chart.resize();
    chart.setOption({ series: [{ label: { width: labelWidth() } }] });
  });
})();

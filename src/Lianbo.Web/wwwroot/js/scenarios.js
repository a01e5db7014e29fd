// The charts of a scenario run's permalink (ECharts, served from /lib): the Sankey of one product's lost and
// added flows, and the chain × stage heat map of cascaded exposure. The page carries the data in attributes:
//   #sankey   data-flows  {"HS code": [{"from":"中国","to":"日本","lost":12.5,"added":0}, …]}, names in the page's language;
//             data-lost, data-added  the two kinds' names; #sankey-product selects the product drawn
//   #heatmap  data-heat   {"rows":["chain · stage", …], "columns":["country", …], "cells":[[column, row, percent], …]}
//             data-label  the value's name
// Each chart sets data-rendered once drawn and data-finished once its animation ends (the browser tests wait for it).
(function () {
  if (!window.echarts) {
    return;
  }

  const language = document.documentElement.lang || undefined;
  const number = new Intl.NumberFormat(language, { maximumSignificantDigits: 4 });
  const lostColour = '#b2182b';
  const addedColour = '#1a9850';

  function init(element) {
    const chart = window.echarts.init(element);
    chart.on('finished', () => { element.dataset.finished = 'true'; });
    window.addEventListener('resize', () => chart.resize());
    return chart;
  }

  // Exporters on the left, importers on the right: a country can be both, so node names carry the side.
  function sankey(element, select) {
    const flows = JSON.parse(element.dataset.flows || '{}');
    const lost = element.dataset.lost || 'lost';
    const added = element.dataset.added || 'added';
    const chart = init(element);

    function draw(product) {
      const rows = flows[product] || [];
      const nodes = new Map();
      const links = [];
      for (const row of rows) {
        for (const [kind, value, colour] of [[lost, row.lost, lostColour], [added, row.added, addedColour]]) {
          if (!(value > 0)) {
            continue;
          }
          const source = 'e:' + row.from;
          const target = 'i:' + row.to;
          nodes.set(source, { name: source });
          nodes.set(target, { name: target });
          links.push({ source: source, target: target, value: value, kind: kind, lineStyle: { color: colour, opacity: 0.55 } });
        }
      }

      element.dataset.links = String(links.length);
      chart.setOption({
        tooltip: {
          trigger: 'item',
          formatter: params => params.dataType === 'edge'
            ? escape(params.data.source.slice(2) + ' → ' + params.data.target.slice(2) + ' (' + params.data.kind + '): ' + number.format(params.data.value))
            : escape(params.name.slice(2))
        },
        series: [{
          type: 'sankey',
          data: [...nodes.values()],
          links: links,
          nodeAlign: 'justify',
          emphasis: { focus: 'adjacency' },
          itemStyle: { color: '#5b6b7b', borderColor: '#5b6b7b' },
          label: { fontSize: 11, formatter: params => params.name.slice(2) }
        }]
      }, true);
      element.dataset.rendered = 'true';
    }

    draw(select ? select.value : Object.keys(flows)[0]);
    if (select) {
      select.addEventListener('change', () => draw(select.value));
    }
  }

  function heatmap(element) {
    const data = JSON.parse(element.dataset.heat || '{"rows":[],"columns":[],"cells":[]}');
    // Tall enough for every row, so that labels never overlap; the page scrolls it sideways on narrow screens.
    element.style.height = Math.max(240, 60 + data.rows.length * 24) + 'px';
    const chart = init(element);
    const max = Math.max(1, ...data.cells.map(c => c[2]));
    chart.setOption({
      tooltip: {
        position: 'top',
        formatter: params => escape(data.rows[params.value[1]] + ' — ' + data.columns[params.value[0]] + ': ' + number.format(params.value[2]) + ' %')
      },
      grid: { left: 8, right: 8, top: 8, bottom: 70, containLabel: true },
      xAxis: { type: 'category', data: data.columns, axisLabel: { rotate: 40, fontSize: 11 }, splitArea: { show: true } },
      yAxis: { type: 'category', data: data.rows, axisLabel: { fontSize: 11 }, splitArea: { show: true } },
      visualMap: { min: 0, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
        formatter: value => number.format(value) + ' %', inRange: { color: ['#fff5f0', '#fb6a4a', '#67000d'] } },
      series: [{ name: element.dataset.label || '', type: 'heatmap', data: data.cells, label: { show: false } }]
    });
    element.dataset.rendered = 'true';
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  const flows = document.getElementById('sankey');
  if (flows) {
    sankey(flows, document.getElementById('sankey-product'));
  }
  const heat = document.getElementById('heatmap');
  if (heat) {
    heatmap(heat);
  }
})();

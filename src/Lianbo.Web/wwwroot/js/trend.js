// Line charts of a value over the years (ECharts) for every div.trend-chart on the page, from the JSON the page carries
// in data-trend: { years: [1964, …], series: [{ name, values: [0.61, null, …], points: false }] }. A series with
// points: true is drawn as marks only (a publisher's few years), a null value leaves a gap; an optional unit names
// the value axis. The legend wraps above the plot as the width needs; once drawn, it is measured and the plot starts
// below it, so that it never covers the lines at any width.
(function () {
  if (!window.echarts) {
    return;
  }

  // The plot's top below the legend as drawn (and below the axis name, when there is one).
  function fit(chart, unit) {
    // A long name (a publisher's) breaks into lines rather than running past the chart's edges.
    chart.setOption({ legend: { textStyle: { width: Math.max(80, chart.getWidth() - 80), overflow: 'break' } } });
    const model = chart.getModel().getComponent('legend');
    const group = model && chart.getViewOfComponentModel(model).group;
    if (!group) {
      return;
    }
    group.updateTransform();
    const box = group.getBoundingRect().clone();
    box.applyTransform(group.transform);
    chart.setOption({ grid: { top: Math.ceil(box.y + box.height) + (unit ? 30 : 10) } });
  }

  document.querySelectorAll('div.trend-chart[data-trend]').forEach(function (element) {
    const data = JSON.parse(element.dataset.trend);
    const chart = window.echarts.init(element);
    chart.on('finished', () => { element.dataset.finished = 'true'; });
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, left: 'center', width: '90%' },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: data.years.map(String) },
      yAxis: { type: 'value', min: 0, max: 1, name: data.unit || undefined, nameLocation: 'end', nameGap: 10,
        nameTextStyle: { align: 'left' } },
      series: data.series.map(function (s) {
        return s.points
          ? { type: 'scatter', name: s.name, data: s.values, symbolSize: 9 }
          : { type: 'line', name: s.name, data: s.values, connectNulls: true, showSymbol: false };
      })
    });
    fit(chart, data.unit);
    window.addEventListener('resize', function () { chart.resize(); fit(chart, data.unit); });
  });
})();

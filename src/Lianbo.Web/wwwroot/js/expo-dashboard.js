// Bar charts of the edition dashboard, drawn with ECharts from the JSON the page carries in data-chart:
// { categories: [...], series: [{ name, values: [...] }] }.
(function () {
  if (!window.echarts) {
    return;
  }

  document.querySelectorAll('.chart[data-chart]').forEach(function (element) {
    const data = JSON.parse(element.dataset.chart);
    const chart = window.echarts.init(element);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      // One scrolling line of legend above the plot: it never wraps onto the bars, however narrow the screen.
      legend: data.series.length > 1 ? { type: 'scroll', top: 0 } : undefined,
      grid: { left: 8, right: 16, bottom: 8, top: data.series.length > 1 ? 40 : 16, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: data.categories, inverse: true },
      series: data.series.map(function (s) {
        return { type: 'bar', name: s.name, data: s.values, label: { show: true, position: 'right' } };
      })
    });
    window.addEventListener('resize', function () { chart.resize(); });
  });
})();

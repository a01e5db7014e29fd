// World choropleth maps (ECharts) for every div.world-map on the page. The page states what to draw:
//   data-map   JSON array [{"id":"156","name":"中国","value":123.4}, …]: id is the ISO 3166-1 numeric code
//              (three digits), name is already in the page's language; a null value names a country without colouring it
//   data-label series name shown in the tooltip (optional)
//   data-unit  unit written after each value (optional)
//   data-palette "diverging" for changes around zero (red below, blue above, symmetric scale); sequential otherwise
// The colour scale is linear, unless one value dwarfs the rest (the largest is more than 20 times the median, as
// South Africa beside its partners): then countries are put in quantile classes (each about a fifth of the values), so
// that the map still tells the small ones apart. The legend names the scale and the unit; its words come from the
// script tag's data-scale-linear, data-scale-quantile, data-scale-diverging (WorldMapScripts, in the page's language).
// The legend is measured once drawn and the map placed beside it (wide) or above it (narrow), so they never overlap.
// The outlines come from world-atlas (TopoJSON, served at /lib/countries-110m.json), fetched once per page and
// registered with ECharts once, however many maps the page has.
(function () {
  const elements = document.querySelectorAll('div.world-map');
  if (elements.length === 0 || !window.echarts || !window.topojson) {
    return;
  }

  // world-atlas leaves a few areas without an ISO code; they are drawn as part of the country the reference data
  // (and the trade data) counts them in, so that they take its colour instead of staying grey.
  const areasWithoutCode = { 'N. Cyprus': '196', 'Somaliland': '706', 'Kosovo': '688' };
  const mapName = 'lianbo-world';

  // Ids are compared as three-digit strings: the reference data writes "004", other sources may write 4 or "4".
  function normalise(id) {
    return id === undefined || id === null || id === '' ? null : String(id).padStart(3, '0');
  }

  // The outlines are spherical: a ring that crosses the antimeridian (Russia, Fiji) jumps from 180° to -180°, which a
  // flat map draws as a line across the world. Each step is kept under 180°, so the ring runs a little past the edge.
  function unwrapRing(ring) {
    const out = [];
    for (const [lon, lat] of ring) {
      let x = lon;
      if (out.length > 0) {
        const previous = out[out.length - 1][0];
        while (x - previous > 180) {
          x -= 360;
        }
        while (x - previous < -180) {
          x += 360;
        }
      }
      out.push([x, lat]);
    }
    return out;
  }

  function unwrap(geometry) {
    if (geometry.type === 'Polygon') {
      return { type: 'Polygon', coordinates: geometry.coordinates.map(unwrapRing) };
    }
    if (geometry.type === 'MultiPolygon') {
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map(polygon => polygon.map(unwrapRing)) };
    }
    return geometry;
  }

  function worldGeoJson(topology) {
    const byId = new Map();
    for (const geometry of topology.objects.countries.geometries) {
      const id = normalise(geometry.id) ?? areasWithoutCode[geometry.properties?.name];
      if (!id) {
        continue;
      }
      if (!byId.has(id)) {
        byId.set(id, []);
      }
      byId.get(id).push(geometry);
    }

    // A country drawn from several pieces becomes one region, so that ECharts colours and names them together.
    const features = [];
    for (const [id, geometries] of byId) {
      const geometry = geometries.length === 1
        ? window.topojson.feature(topology, geometries[0]).geometry
        : window.topojson.merge(topology, geometries);
      features.push({ type: 'Feature', id: id, properties: { name: id, atlasName: geometries[0].properties?.name ?? id }, geometry: unwrap(geometry) });
    }
    return { type: 'FeatureCollection', features: features };
  }

  let registered = null;
  function registerWorld() {
    registered ??= fetch('/lib/countries-110m.json')
      .then(response => {
        if (!response.ok) {
          throw new Error('world map outlines: HTTP ' + response.status);
        }
        return response.json();
      })
      .then(topology => {
        const geoJson = worldGeoJson(topology);
        window.echarts.registerMap(mapName, geoJson);
        return new Map(geoJson.features.map(f => [f.id, f.properties.atlasName]));
      });
    return registered;
  }

  const language = document.documentElement.lang || undefined;
  const number = new Intl.NumberFormat(language, { maximumSignificantDigits: 4 });
  const words = document.currentScript?.dataset ?? {};
  const narrowWidth = 560;
  const quantileClasses = 5;

  // Quantile classes of the distinct values (many countries at zero would otherwise make one class of nearly all):
  // at most five, each (gt, lte] except the first, which holds its minimum.
  function quantilePieces(values) {
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    // As few values as classes: one class each.
    if (sorted.length <= quantileClasses) {
      return sorted.map(v => ({ value: v, label: number.format(v) })).reverse();
    }
    const at = q => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const breaks = [sorted[0]];
    for (let i = 1; i < quantileClasses; i++) {
      const b = at(i / quantileClasses);
      if (b > breaks[breaks.length - 1]) {
        breaks.push(b);
      }
    }
    if (sorted[sorted.length - 1] > breaks[breaks.length - 1]) {
      breaks.push(sorted[sorted.length - 1]);
    }
    const pieces = [];
    for (let i = 0; i + 1 < breaks.length; i++) {
      const piece = i === 0 ? { gte: breaks[0], lte: breaks[1] } : { gt: breaks[i], lte: breaks[i + 1] };
      piece.label = number.format(breaks[i]) + ' – ' + number.format(breaks[i + 1]);
      pieces.push(piece);
    }
    // The largest class on top, as on the continuous scale.
    return pieces.reverse();
  }

  function dwarfed(values) {
    if (values.length < quantileClasses || values.some(v => v < 0)) {
      return false;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return sorted[sorted.length - 1] > 20 * Math.max(median, Number.MIN_VALUE);
  }

  // The box a component is drawn in, in the chart's pixels (after setOption, which draws at once).
  function componentBox(chart, mainType) {
    const model = chart.getModel().getComponent(mainType);
    const group = model && chart.getViewOfComponentModel(model).group;
    if (!group) {
      return null;
    }
    group.updateTransform();
    const box = group.getBoundingRect().clone();
    box.applyTransform(group.transform);
    return box;
  }

  // Wide: the legend at the bottom left, the map to its right. Narrow: the chart grows so that the map sits above
  // the legend at the width it has.
  function fit(element, chart) {
    const width = chart.getWidth();
    if (width < narrowWidth) {
      const legend = componentBox(chart, 'visualMap');
      const legendHeight = legend ? legend.height + 20 : 0;
      const mapHeight = Math.round((width - 20) / 2);
      const wanted = mapHeight + legendHeight + 20;
      if (Math.abs(element.clientHeight - wanted) > 2) {
        element.style.height = wanted + 'px';
        chart.resize();
      }
      chart.setOption({ series: [{ left: 10, right: 10, top: 10, bottom: legendHeight + 10 }] });
    } else {
      if (element.style.height) {
        // Back from a narrow layout: the page's own height again.
        element.style.height = '';
        chart.resize();
      }
      const legend = componentBox(chart, 'visualMap');
      chart.setOption({ series: [{ left: legend ? Math.ceil(legend.x + legend.width) + 16 : 10, right: 10, top: 10, bottom: 10 }] });
    }
  }

  function draw(element, atlasNames) {
    const unit = element.dataset.unit ?? '';
    const label = element.dataset.label ?? '';
    const entries = JSON.parse(element.dataset.map || '[]')
      .map(e => ({ id: normalise(e.id), name: e.name, value: typeof e.value === 'number' && isFinite(e.value) ? e.value : null }))
      .filter(e => e.id);
    const names = new Map(entries.map(e => [e.id, e.name]));
    const values = entries.filter(e => e.value !== null).map(e => e.value);
    const diverging = element.dataset.palette === 'diverging';
    // A diverging scale is symmetric, so that white is zero change.
    const extent = values.length > 0 ? Math.max(...values.map(Math.abs)) : 1;
    const min = diverging ? -extent : values.length > 0 ? Math.min(...values) : 0;
    const max = diverging ? extent : values.length > 0 ? Math.max(...values) : 1;

    const quantiles = !diverging && dwarfed(values);
    const scale = diverging ? words.scaleDiverging : quantiles ? words.scaleQuantile : words.scaleLinear;
    // The legend's title: the unit, then the scale (what is shown is the map's heading and the tooltip's first line).
    const title = [unit, scale].filter(t => t).join(' · ');
    const colours = diverging ? ['#b2182b', '#f7f7f7', '#2166ac'] : ['#e0f3f8', '#74add1', '#313695'];
    const common = { left: 10, bottom: 10, orient: 'vertical', text: [title, ''], textGap: 8, textStyle: { fontSize: 11 },
      inRange: { color: colours } };
    const visualMap = quantiles && values.length > 0
      ? Object.assign({ type: 'piecewise', pieces: quantilePieces(values), showLabel: true, itemWidth: 14, itemHeight: 10, itemGap: 6, align: 'left' }, common)
      : Object.assign({ type: 'continuous', min: min, max: max === min ? min + 1 : max, calculable: true, itemHeight: 120,
          formatter: value => number.format(value) }, common);
    element.dataset.scale = diverging ? 'diverging' : quantiles ? 'quantile' : 'linear';

    const chart = window.echarts.init(element);
    // Once drawn, animations included: screenshots wait for it.
    chart.on('finished', () => { element.dataset.finished = 'true'; });
    chart.setOption({
      tooltip: {
        trigger: 'item',
        className: 'world-map-tooltip',
        formatter: params => {
          const name = names.get(params.name) ?? atlasNames.get(params.name) ?? params.name;
          const value = typeof params.value === 'number' && isFinite(params.value) ? number.format(params.value) + (unit ? ' ' + unit : '') : '–';
          const line = escape(name) + ': ' + escape(value);
          return label ? escape(label) + '<br>' + line : line;
        }
      },
      visualMap: visualMap,
      series: [{
        type: 'map',
        map: mapName,
        name: label,
        roam: true,
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#fdae61' } },
        itemStyle: { areaColor: '#d9d9d9', borderColor: '#ffffff', borderWidth: 0.5 },
        data: entries.filter(e => e.value !== null).map(e => ({ name: e.id, value: e.value }))
      }]
    });
    fit(element, chart);
    element.dataset.rendered = 'true';
    window.addEventListener('resize', () => { chart.resize(); fit(element, chart); });
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  registerWorld()
    .then(atlasNames => elements.forEach(element => draw(element, atlasNames)))
    .catch(error => {
      elements.forEach(element => { element.dataset.rendered = 'error'; });
      console.error(error);
    });
})();

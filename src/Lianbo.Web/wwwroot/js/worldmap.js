// World choropleth maps (ECharts) for every div.world-map on the page. The page states what to draw:
//   data-map   JSON array [{"id":"156","name":"中国","value":123.4}, …]: id is the ISO 3166-1 numeric code
//              (three digits), name is already in the page's language; a null value names a country without colouring it
//   data-label series name shown in the tooltip (optional)
//   data-unit  unit written after each value (optional)
//   data-palette "diverging" for changes around zero (red below, blue above, symmetric scale); sequential otherwise
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
      visualMap: {
        type: 'continuous',
        min: min,
        max: max === min ? min + 1 : max,
        calculable: true,
        left: 10,
        bottom: 10,
        formatter: value => number.format(value),
        inRange: { color: diverging ? ['#b2182b', '#f7f7f7', '#2166ac'] : ['#e0f3f8', '#74add1', '#313695'] }
      },
      series: [{
        type: 'map',
        map: mapName,
        name: label,
        roam: true,
        left: 90,
        right: 10,
        top: 10,
        bottom: 10,
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#fdae61' } },
        itemStyle: { areaColor: '#d9d9d9', borderColor: '#ffffff', borderWidth: 0.5 },
        data: entries.filter(e => e.value !== null).map(e => ({ name: e.id, value: e.value }))
      }]
    });
    element.dataset.rendered = 'true';
    window.addEventListener('resize', () => chart.resize());
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

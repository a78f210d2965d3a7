// Progressive enhancement: GOV.UK components, and Leaflet maps in place of the
// server-drawn boundary pictures. Every page works without this file.
import { initAll } from './govuk-frontend.min.js';

initAll();

function drawMap(container) {
  if (typeof L === 'undefined') return;
  const url = container.getAttribute('data-geojson');
  const tiles = container.getAttribute('data-tiles');
  const attribution = container.getAttribute('data-attribution') || '';
  fetch(url, { headers: { Accept: 'application/geo+json' } })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))))
    .then((data) => {
      const holder = document.createElement('div');
      holder.className = 'kith-map__leaflet';
      holder.setAttribute('role', 'region');
      holder.setAttribute('aria-label', container.getAttribute('data-label') || 'Map');
      container.appendChild(holder);
      const map = L.map(holder, { scrollWheelZoom: false });
      if (tiles) L.tileLayer(tiles, { maxZoom: 18, attribution }).addTo(map);
      const layer = L.geoJSON(data, {
        style: { color: '#1d70b8', weight: 2, fillOpacity: 0.15 },
        onEachFeature: (feature, l) => {
          const p = feature.properties || {};
          const link = document.createElement('a');
          link.href = p.href;
          link.textContent = p.name + ' (' + p.code + ')';
          l.bindPopup(link);
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
      container.classList.add('kith-map--ready');
      container.setAttribute('data-map-ready', 'true');
    })
    .catch(() => {
      container.setAttribute('data-map-ready', 'failed');
    });
}

document.querySelectorAll('[data-kith-map]').forEach(drawMap);

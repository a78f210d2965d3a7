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
      container.hidden = false;  // a map with nothing drawn without JavaScript starts hidden
      const holder = document.createElement('div');
      holder.className = 'kith-map__leaflet';
      holder.setAttribute('role', 'region');
      holder.setAttribute('aria-label', container.getAttribute('data-label') || 'Map');
      container.appendChild(holder);
      // No fading: a popup is readable (and checkable) the moment it opens.
      const map = L.map(holder, { scrollWheelZoom: false, fadeAnimation: false });
      if (tiles) L.tileLayer(tiles, { maxZoom: 18, attribution }).addTo(map);
      const layer = L.geoJSON(data, {
        style: (feature) => (feature.geometry.type === 'Point'
          ? { color: '#0b0c0c', weight: 2, fillColor: '#d4351c', fillOpacity: 0.9, className: 'kith-map__point' }
          : { color: '#1d70b8', weight: 2, fillOpacity: 0.15, className: 'kith-map__area' }),
        // Points as circles: they need no marker images and show without tiles.
        pointToLayer: (feature, latlng) =>
          L.circleMarker(latlng, { radius: 8 }),
        onEachFeature: (feature, l) => {
          const p = feature.properties || {};
          const link = document.createElement('a');
          link.href = p.href;
          link.textContent = p.code ? p.name + ' (' + p.code + ')' : p.name;
          l.bindPopup(link);
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 16 });
      container.classList.add('kith-map--ready');
      container.setAttribute('data-map-ready', 'true');
    })
    .catch(() => {
      container.setAttribute('data-map-ready', 'failed');
    });
}

document.querySelectorAll('[data-kith-map]').forEach(drawMap);

// A panel member's running total while they score, before saving (without
// JavaScript the page shows the total as last saved).
for (const form of document.querySelectorAll('form[data-kith-total]')) {
  const out = document.getElementById(form.getAttribute('data-kith-total'));
  form.addEventListener('change', () => {
    let total = 0;
    for (const input of form.querySelectorAll('input[type=radio]:checked'))
      total += Number(input.value) * Number(input.getAttribute('data-weight'));
    out.textContent = total.toFixed(1);
  });
}

import { createHash } from "node:crypto";

/**
 * The map page's only script (progressive enhancement): Leaflet places the geocoded problems of
 * the list on a map over the configured tiles. The list stays the content; if this script or the
 * tiles fail, nothing is lost. Written as ES5 text so that no client bundle is needed.
 */
export const MAP_SCRIPT = `(function () {
  "use strict";
  var element = document.getElementById("problem-map");
  if (!element || !window.L) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".problems li[data-lat]"));
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", element.getAttribute("data-label") || "Map");
  var map = window.L.map(element, { scrollWheelZoom: false });
  window.L.tileLayer(element.getAttribute("data-tiles"), {
    attribution: element.getAttribute("data-attribution") || "",
    maxZoom: 19
  }).addTo(map);
  var points = [];
  items.forEach(function (item) {
    var point = [Number(item.getAttribute("data-lat")), Number(item.getAttribute("data-lon"))];
    if (!isFinite(point[0]) || !isFinite(point[1])) return;
    var closed = item.getAttribute("data-status") === "closed";
    var marker = window.L.circleMarker(point, {
      radius: 9, weight: 2, color: closed ? "#1d7a3a" : "#b00020", fillOpacity: 0.6
    }).addTo(map);
    var link = document.createElement("a");
    link.href = "#" + item.id;
    var title = item.querySelector(".problem-title");
    link.textContent = title ? title.textContent : item.id;
    marker.bindPopup(link);
    points.push(point);
  });
  if (points.length > 0) map.fitBounds(points, { maxZoom: 15, padding: [24, 24] });
  else map.setView([53.7213, 91.4424], 12);
})();
`;

export const MAP_SCRIPT_PATH = `/assets/map-${createHash("sha256").update(MAP_SCRIPT).digest("hex").slice(0, 12)}.js`;

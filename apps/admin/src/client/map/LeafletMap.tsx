import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { type ReactElement, useEffect, useMemo, useRef } from "react";
import { IncidentClusters } from "./clusters.js";
import { boundsOf, type MapIncident, type MarkerTone, markerTone } from "./map-model.js";

/** Where the map opens when no incident has coordinates (Abakan's centre, as on the site's map). */
const DEFAULT_CENTRE: [number, number] = [53.7213, 91.4424];
/** With no tile loaded by then, the tile server is taken as unreachable. */
const TILE_TIMEOUT_MS = 15_000;

export interface LeafletMapProps {
  items: readonly MapIncident[];
  /** The view is fitted to the incidents when this changes (a new filter), not at every refresh. */
  fitKey: string;
  tileUrl: string;
  attribution: string;
  label: string;
  zoomIn: string;
  zoomOut: string;
  /** The accessible name of one incident's marker. */
  incidentLabel: (incident: MapIncident, tone: MarkerTone) => string;
  /** The accessible name of a group's marker. */
  clusterLabel: (count: number, overdue: number) => string;
  onOpen: (incident: MapIncident) => void;
  /** The tiles could not be loaded: the screen says so and keeps the list. */
  onUnavailable: () => void;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * A marker acts on a click and, as a button does, on Enter and Space (Leaflet only focuses it and
 * passes the key on).
 */
function activate(marker: L.Marker, action: () => void): void {
  marker.on("click", action);
  marker.on("keydown", (event: L.LeafletEvent) => {
    const key = (event as L.LeafletKeyboardEvent).originalEvent;
    if (key.key !== "Enter" && key.key !== " ") return;
    key.preventDefault();
    action();
  });
}

/**
 * Leaflet over the configured tiles, with the incidents grouped by supercluster at each zoom. Every
 * marker is a keyboard stop (Leaflet gives it `tabindex="0"` and `role="button"`; Enter and Space
 * act as a click) with a name in words: a group zooms in, an incident opens its page.
 */
export default function LeafletMap(props: LeafletMapProps): ReactElement {
  const container = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const marks = useRef<L.LayerGroup | null>(null);
  const fitted = useRef<string | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const { tileUrl, attribution, label, zoomIn, zoomOut, items } = props;

  // The map and its tiles, once per tile server.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const created = L.map(element, { zoomControl: false, scrollWheelZoom: false, keyboard: true });
    L.control.zoom({ zoomInTitle: zoomIn, zoomOutTitle: zoomOut }).addTo(created);
    created.attributionControl.setPrefix(false);
    let loaded = 0;
    let failed = 0;
    let given = false;
    const giveUp = () => {
      if (given || loaded > 0) return;
      given = true;
      latest.current.onUnavailable();
    };
    const tiles = L.tileLayer(tileUrl, { attribution: escapeHtml(attribution), maxZoom: 19 });
    tiles.on("tileload", () => {
      loaded += 1;
    });
    tiles.on("tileerror", () => {
      failed += 1;
    });
    // `load` comes when every tile in view has settled, loaded or failed.
    tiles.on("load", () => {
      if (loaded === 0 && failed > 0) giveUp();
    });
    const timer = setTimeout(giveUp, TILE_TIMEOUT_MS);
    created.setView(DEFAULT_CENTRE, 12);
    tiles.addTo(created);
    marks.current = L.layerGroup().addTo(created);
    map.current = created;
    fitted.current = null;
    return () => {
      clearTimeout(timer);
      created.remove();
      map.current = null;
      marks.current = null;
    };
  }, [tileUrl, attribution, zoomIn, zoomOut]);

  // The tones are taken when the data changes (every refresh), not at every render.
  const clusters = useMemo(() => new IncidentClusters(items, Date.now()), [items]);

  // The incidents: the view fitted to them once per filter, drawn again at every move and refresh.
  useEffect(() => {
    const current = map.current;
    const layer = marks.current;
    if (!current || !layer) return;
    const draw = () => {
      const bounds = current.getBounds();
      layer.clearLayers();
      for (const mark of clusters.marksAt(
        [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()],
        current.getZoom(),
      )) {
        if (mark.kind === "cluster") {
          const tone: MarkerTone =
            mark.tones.overdue > 0 ? "overdue" : mark.tones.open > 0 ? "open" : "finished";
          const name = latest.current.clusterLabel(mark.count, mark.tones.overdue);
          const marker = L.marker([mark.lat, mark.lon], {
            icon: L.divIcon({
              className: `map-cluster map-tone-${tone}`,
              html: `<span aria-hidden="true">${mark.count}</span>`,
              iconSize: [40, 40],
            }),
            title: name,
            keyboard: true,
          });
          activate(marker, () =>
            current.setView([mark.lat, mark.lon], Math.min(clusters.expansionZoom(mark.clusterId), 18)),
          );
          marker.addTo(layer);
          marker.getElement()?.setAttribute("aria-label", name);
          marker.getElement()?.setAttribute("data-testid", "map-cluster");
        } else {
          const tone = markerTone(mark.incident, Date.now());
          const name = latest.current.incidentLabel(mark.incident, tone);
          const marker = L.marker([mark.lat, mark.lon], {
            icon: L.divIcon({
              className: `map-incident map-tone-${tone}`,
              html: '<span aria-hidden="true"></span>',
              iconSize: [22, 22],
            }),
            title: name,
            keyboard: true,
          });
          activate(marker, () => latest.current.onOpen(mark.incident));
          marker.addTo(layer);
          marker.getElement()?.setAttribute("aria-label", name);
          marker.getElement()?.setAttribute("data-testid", "map-incident");
        }
      }
    };
    const box = boundsOf(clusters.located);
    if (fitted.current !== latest.current.fitKey) {
      fitted.current = latest.current.fitKey;
      if (box) current.fitBounds(box, { maxZoom: 15, padding: [32, 32] });
    }
    draw();
    current.on("moveend", draw);
    return () => {
      current.off("moveend", draw);
    };
    // A new map (another tile server or language) is drawn on again: this effect runs after the one above.
  }, [clusters, tileUrl, attribution, zoomIn, zoomOut]);

  return <section ref={container} className="incident-map" aria-label={label} data-testid="map" />;
}

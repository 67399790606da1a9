import Supercluster from "supercluster";
import { hasPoint, type MapIncident, markerTone, type ToneCounts } from "./map-model.js";

/** What the map draws at one zoom: a single incident, or a group of `count` with its id. */
export type MapMark =
  | { kind: "incident"; lat: number; lon: number; incident: MapIncident }
  | { kind: "cluster"; lat: number; lon: number; count: number; clusterId: number; tones: ToneCounts };

interface PointProperties {
  index: number;
  overdue: number;
  open: number;
  finished: number;
}

/** The incidents' points, indexed once (supercluster: a k-d tree per zoom) for drawing at any zoom. */
export class IncidentClusters {
  private readonly index: Supercluster<PointProperties, ToneCounts>;
  readonly located: MapIncident[];

  constructor(items: readonly MapIncident[], now: number, radius = 60) {
    this.located = items.filter(hasPoint);
    this.index = new Supercluster<PointProperties, ToneCounts>({
      radius,
      maxZoom: 17,
      map: (properties) => ({
        overdue: properties.overdue,
        open: properties.open,
        finished: properties.finished,
      }),
      reduce: (total, properties) => {
        total.overdue += properties.overdue;
        total.open += properties.open;
        total.finished += properties.finished;
      },
    });
    this.index.load(
      this.located.map((incident, index) => {
        const tone = markerTone(incident, now);
        return {
          type: "Feature" as const,
          geometry: { type: "Point" as const, coordinates: [incident.lon ?? 0, incident.lat ?? 0] },
          properties: {
            index,
            overdue: tone === "overdue" ? 1 : 0,
            open: tone === "open" ? 1 : 0,
            finished: tone === "finished" ? 1 : 0,
          },
        };
      }),
    );
  }

  /** The marks within `[west, south, east, north]` at a zoom level. */
  marksAt(bounds: [number, number, number, number], zoom: number): MapMark[] {
    return this.index.getClusters(bounds, Math.round(zoom)).map((feature): MapMark => {
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      const properties = feature.properties;
      if ("cluster" in properties && properties.cluster) {
        return {
          kind: "cluster",
          lat,
          lon,
          count: properties.point_count,
          clusterId: properties.cluster_id,
          tones: { overdue: properties.overdue, open: properties.open, finished: properties.finished },
        };
      }
      const incident = this.located[(properties as PointProperties).index] as MapIncident;
      return { kind: "incident", lat, lon, incident };
    });
  }

  /** The zoom at which a group falls apart into smaller groups or single incidents. */
  expansionZoom(clusterId: number): number {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}

import { describe, expect, it } from "vitest";
import { IncidentClusters } from "./clusters.js";
import {
  boundsOf,
  countNotOnMap,
  type MapIncident,
  mapFilterFromSearch,
  markerTone,
  searchFromMapFilter,
} from "./map-model.js";

const NOW = Date.parse("2026-11-28T03:00:00Z");

function incident(id: string, overrides: Partial<MapIncident> = {}): MapIncident {
  return {
    id,
    number: `2026-0000${id}`,
    status: "assigned",
    category: "roads",
    departmentId: null,
    urgent: false,
    lat: null,
    lon: null,
    address: null,
    dueAt: null,
    slaState: "running",
    ...overrides,
  };
}

// Three incidents within a few hundred metres in the centre of Abakan, one across the river in Chernogorsk.
const centre = [
  incident("1", { lat: 53.7213, lon: 91.4424 }),
  incident("2", { lat: 53.7225, lon: 91.4441, dueAt: "2026-11-28T02:00:00Z" }),
  incident("3", { lat: 53.7201, lon: 91.4409, status: "resolved" }),
];
const far = incident("4", { lat: 53.8254, lon: 91.3067 });
const nowhere = [incident("5"), incident("6", { lat: 53.7, lon: null })];
const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

describe("the map's incidents", () => {
  it("counts incidents without both coordinates as not on the map and never places them", () => {
    const items = [...centre, far, ...nowhere];
    expect(countNotOnMap(items)).toBe(2);
    const clusters = new IncidentClusters(items, NOW);
    const placed = clusters.marksAt(WORLD, 18);
    expect(placed).toHaveLength(4);
    expect(placed.map((mark) => (mark.kind === "incident" ? mark.incident.id : "group")).sort()).toEqual([
      "1",
      "2",
      "3",
      "4",
    ]);
  });

  it("groups nearby incidents at a city zoom and parts them when zoomed in", () => {
    const clusters = new IncidentClusters([...centre, far], NOW);
    const city = clusters.marksAt(WORLD, 11);
    const group = city.find((mark) => mark.kind === "cluster");
    expect(group?.kind === "cluster" && group.count).toBe(3);
    expect(group?.kind === "cluster" && group.tones).toEqual({ overdue: 1, open: 1, finished: 1 });
    expect(city.filter((mark) => mark.kind === "incident")).toHaveLength(1);
    if (group?.kind !== "cluster") throw new Error("no group");
    const zoom = clusters.expansionZoom(group.clusterId);
    expect(zoom).toBeGreaterThan(11);
    expect(clusters.marksAt(WORLD, 18).every((mark) => mark.kind === "incident")).toBe(true);
  });

  it("names the state of each incident: overdue, open or finished", () => {
    expect(markerTone(incident("a", { dueAt: "2026-11-28T02:59:00Z" }), NOW)).toBe("overdue");
    expect(markerTone(incident("b", { slaState: "breached", dueAt: null }), NOW)).toBe("overdue");
    expect(markerTone(incident("c", { dueAt: "2026-11-28T04:00:00Z" }), NOW)).toBe("open");
    expect(markerTone(incident("d", { dueAt: "2026-11-28T02:00:00Z", slaState: "paused" }), NOW)).toBe(
      "open",
    );
    expect(markerTone(incident("e", { status: "closed", slaState: "breached" }), NOW)).toBe("finished");
  });

  it("fits the view to the located incidents only", () => {
    expect(boundsOf(nowhere)).toBeNull();
    expect(boundsOf([...centre, far, ...nowhere])).toEqual([
      [53.7201, 91.3067],
      [53.8254, 91.4441],
    ]);
  });

  it("keeps its filter in the address bar, ignoring unknown parameters", () => {
    const filter = mapFilterFromSearch(new URLSearchParams("status=new&category=roads&zoom=3&departmentId="));
    expect(filter).toEqual({ status: "new", category: "roads" });
    expect(searchFromMapFilter(filter)).toEqual({ status: "new", category: "roads" });
  });
});

import { useQuery } from "@tanstack/react-query";
import {
  Component,
  type FormEvent,
  lazy,
  type ReactElement,
  type ReactNode,
  Suspense,
  useMemo,
  useState,
} from "react";
import { Link, useLocation, useSearchParams } from "wouter";
import { textOf } from "../forms/fields.js";
import { deskMessages, nameOf } from "../incidents/desk-messages.js";
import { IncidentFilterFields } from "../incidents/incident-filter-fields.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { useAllDepartments } from "../settings/organisation/organisation-queries.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatShortMoment } from "../time/format-instant.js";
import { type MapMessages, mapMessages } from "./map-messages.js";
import {
  countNotOnMap,
  hasPoint,
  type MapFilter,
  type MapIncident,
  type MapIncidents,
  mapFilterFromSearch,
  markerTone,
  searchFromMapFilter,
} from "./map-model.js";
import "./map.css";

// Leaflet, its styles and the clustering are a chunk of their own: the list never waits for them.
const LeafletMap = lazy(() => import("./LeafletMap.js"));

/** How many rows the list shows at first and adds on «Показать ещё». */
const LIST_STEP = 100;
const REFRESH_MS = 60_000;

export interface ClientConfig {
  map: { tileUrl: string; attribution: string };
}

/** The admin server's `/config.json` (the tile server, the same as the site's). */
export function useClientConfig() {
  return useQuery({
    queryKey: ["client-config"],
    queryFn: async (): Promise<ClientConfig> => {
      const response = await fetch("/config.json", { headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(`/config.json: ${response.status}`);
      return (await response.json()) as ClientConfig;
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
}

/** Every incident of a filter from `GET /api/v1/incidents/map`. */
export function useMapIncidents(query: Record<string, string | undefined>) {
  const api = useApi();
  return useQuery({
    queryKey: ["incidents", "map", query],
    queryFn: () => api.get<MapIncidents>("/api/v1/incidents/map", query),
    refetchInterval: REFRESH_MS,
  });
}

/** A map that cannot load (its chunk, Leaflet) says so instead of taking the screen down. */
class MapBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function tileHost(tileUrl: string): string {
  try {
    return new URL(tileUrl.replace(/\{[a-z]+\}/gi, "a")).host;
  } catch {
    return tileUrl;
  }
}

/** The list of the same incidents as on the map: what keeps the screen useful without tiles. */
export function IncidentList({
  items,
  text,
  departmentNames,
  caption,
}: {
  items: readonly MapIncident[];
  text: MapMessages;
  departmentNames: ReadonlyMap<string, string>;
  caption: string;
}): ReactElement {
  const { language } = useLanguage();
  const desk = deskMessages(language);
  const timeZone = useCityTimeZone();
  const [shown, setShown] = useState(LIST_STEP);
  const now = Date.now();
  if (items.length === 0) return <p>{text.nothing}</p>;
  const visible = items.slice(0, shown);
  return (
    <>
      <div className="table-scroll">
        <table className="map-list" data-testid="map-list">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{text.number}</th>
              <th scope="col">{text.state}</th>
              <th scope="col">{text.status}</th>
              <th scope="col">{text.category}</th>
              <th scope="col">{text.department}</th>
              <th scope="col">{text.address}</th>
              <th scope="col">{text.due}</th>
              <th scope="col">{text.place}</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((incident) => {
              const tone = markerTone(incident, now);
              return (
                <tr key={incident.id} data-testid="map-list-row">
                  <th scope="row">
                    <Link href={`~/incidents/${encodeURIComponent(incident.id)}`}>{incident.number}</Link>
                    {incident.urgent && <span className="badge"> {text.urgent}</span>}
                  </th>
                  <td>
                    <span className={`map-state map-tone-${tone}`}>{text.tones[tone]}</span>
                  </td>
                  <td>{nameOf(desk.statuses, incident.status)}</td>
                  <td>{nameOf(desk.categories, incident.category)}</td>
                  <td>
                    {incident.departmentId
                      ? (departmentNames.get(incident.departmentId) ?? "…")
                      : desk.noDepartment}
                  </td>
                  <td>{incident.address ?? text.noAddress}</td>
                  <td>{incident.dueAt ? formatShortMoment(incident.dueAt, language, timeZone) : "—"}</td>
                  <td>
                    {hasPoint(incident) ? (
                      `${incident.lat.toFixed(4)}, ${incident.lon.toFixed(4)}`
                    ) : (
                      <span className="not-placed">{text.notPlaced}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="map-list-meta">
        {text.shownOf(visible.length, items.length)}{" "}
        {items.length > shown && (
          <button type="button" onClick={() => setShown(shown + LIST_STEP)}>
            {text.more(Math.min(LIST_STEP, items.length - shown))}
          </button>
        )}
      </p>
    </>
  );
}

export function useDepartmentNames(): ReadonlyMap<string, string> {
  const departments = useAllDepartments();
  return useMemo(
    () => new Map((departments.data?.items ?? []).map((department) => [department.id, department.shortName])),
    [departments.data],
  );
}

/**
 * The incidents on a map over the city's tile server (the site's), grouped at each zoom, filtered by
 * status, category and department; and always the same incidents as a list, which is all there is
 * when the tiles cannot be loaded. Incidents without coordinates are counted, never placed.
 */
export default function MapScreen(): ReactElement {
  const { language } = useLanguage();
  const text = mapMessages(language);
  const desk = deskMessages(language);
  const [, navigate] = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = useMemo(() => mapFilterFromSearch(searchParams), [searchParams]);
  const incidents = useMapIncidents(searchFromMapFilter(filter));
  const config = useClientConfig();
  const departments = useAllDepartments();
  const departmentNames = useDepartmentNames();
  const [unavailableFor, setUnavailableFor] = useState<string | null>(null);

  const apply = (next: MapFilter) => setSearchParams(searchFromMapFilter(next));
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    apply({
      status: textOf(form, "status"),
      category: textOf(form, "category"),
      departmentId: textOf(form, "departmentId"),
    });
  }

  const items = incidents.data?.items ?? [];
  const notOnMap = countNotOnMap(items);
  const tileUrl = config.data?.map.tileUrl;
  const unavailable = config.isError || (tileUrl !== undefined && unavailableFor === tileUrl);
  const notice = (
    <p className="notice map-unavailable" role="alert" data-testid="map-unavailable">
      {text.mapUnavailable}
    </p>
  );

  return (
    <section className="panel map-screen">
      <PageHeading>{text.mapHeading}</PageHeading>
      <form
        key={JSON.stringify(filter)}
        onSubmit={submit}
        aria-labelledby="map-filter-heading"
        className="filter-form"
      >
        <h2 id="map-filter-heading" className="visually-hidden">
          {text.filters}
        </h2>
        <IncidentFilterFields
          idPrefix="map"
          filter={filter}
          text={desk}
          departments={(departments.data?.items ?? []).map((department) => ({
            value: department.id,
            label: department.shortName,
          }))}
        />
        <div className="form-actions">
          <button type="submit" className="primary">
            {text.apply}
          </button>
          <button type="button" onClick={() => apply({})}>
            {text.reset}
          </button>
        </div>
      </form>

      {incidents.isError ? (
        <LoadFailed error={incidents.error} onRetry={() => void incidents.refetch()} />
      ) : incidents.isPending ? (
        <Loading />
      ) : (
        <>
          <p className="map-counts" data-testid="map-counts">
            <span data-testid="on-map-count">{text.onMap(items.length - notOnMap)}</span>
            {" · "}
            <span data-testid="not-on-map-count">{text.notOnMap(notOnMap)}</span>
          </p>
          {incidents.data.truncated && <p className="notice">{text.truncated(items.length)}</p>}
          {unavailable ? (
            notice
          ) : tileUrl === undefined ? (
            <p>{text.mapLoading}</p>
          ) : (
            <MapBoundary fallback={notice}>
              <Suspense fallback={<p>{text.mapLoading}</p>}>
                <LeafletMap
                  items={items}
                  fitKey={JSON.stringify(filter)}
                  tileUrl={tileUrl}
                  attribution={config.data?.map.attribution ?? ""}
                  label={text.mapLabel}
                  zoomIn={language === "ru" ? "Приблизить" : "Zoom in"}
                  zoomOut={language === "ru" ? "Отдалить" : "Zoom out"}
                  incidentLabel={(incident, tone) =>
                    `${text.openIncident(incident.number)}: ${nameOf(desk.categories, incident.category)}, ${text.tones[tone]}`
                  }
                  clusterLabel={text.cluster}
                  onOpen={(incident) => navigate(`~/incidents/${encodeURIComponent(incident.id)}`)}
                  onUnavailable={() => setUnavailableFor(tileUrl)}
                />
              </Suspense>
              <p className="map-tiles-note">{text.tiles(tileHost(tileUrl))}</p>
            </MapBoundary>
          )}
          <ul className="map-legend" aria-label={text.legend}>
            {(["overdue", "open", "finished"] as const).map((tone) => (
              <li key={tone}>
                <span className={`map-swatch map-tone-${tone}`} aria-hidden="true" /> {text.tones[tone]}
              </li>
            ))}
          </ul>
          <h2>{text.listHeading}</h2>
          <IncidentList
            items={items}
            text={text}
            departmentNames={departmentNames}
            caption={text.listCaption}
          />
        </>
      )}
    </section>
  );
}

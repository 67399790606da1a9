import type { ReactElement } from "react";
import type { Open311Request } from "../api-client/incidents.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { ProblemList } from "./ProblemList.js";

/** `/fixed`: problems the desk has closed, newest first, with the public answer. */
export function FixedPage({
  page,
  problems,
}: {
  page: PageContext;
  problems: Open311Request[];
}): ReactElement {
  const { language } = page.preferences;
  const title = tr(language, { ru: "Решённые проблемы", en: "Fixed problems" });
  return (
    <Document
      page={page}
      title={`${title} — ${page.city?.name[language] ?? ""}`}
      description={tr(language, {
        ru: "Проблемы, о которых сообщили горожане, и что сделано.",
        en: "Problems citizens reported, and what was done.",
      })}
      canonicalPath="/fixed"
    >
      <h1>{title}</h1>
      <p className="lead">
        {tr(language, {
          ru: "Закрытые обращения за последние 90 дней с ответом городских служб.",
          en: "Reports closed in the last 90 days, with the city services' answer.",
        })}
      </p>
      <ProblemList page={page} problems={problems} />
    </Document>
  );
}

export interface MapSettings {
  tileUrl: string;
  attribution: string;
  scriptPath: string;
  leafletScriptPath: string;
  leafletStylePath: string;
}

/**
 * `/map`: geocoded problems. The list is the page; with JavaScript, Leaflet draws them on a map
 * over the configured tile server. Without script or tiles the list stays readable.
 */
export function MapPage({
  page,
  problems,
  map,
}: {
  page: PageContext;
  problems: Open311Request[];
  map: MapSettings;
}): ReactElement {
  const { language } = page.preferences;
  const title = tr(language, { ru: "Карта проблем", en: "Problem map" });
  const located = problems.filter((problem) => problem.lat !== null && problem.long !== null);
  return (
    <Document
      page={page}
      title={`${title} — ${page.city?.name[language] ?? ""}`}
      description={tr(language, {
        ru: "Где горожане сообщили о проблемах и какие из них решены.",
        en: "Where citizens reported problems, and which are fixed.",
      })}
      canonicalPath="/map"
      styles={[map.leafletStylePath]}
      scripts={[map.leafletScriptPath, map.scriptPath]}
    >
      <h1>{title}</h1>
      <p className="lead">
        {tr(language, {
          ru: `Обращения с известным местом за 90 дней: ${located.length}. Обращения без координат на карте не показываются.`,
          en: `Reports with a known location in the last 90 days: ${located.length}. Reports without coordinates are not placed.`,
        })}
      </p>
      <div
        id="problem-map"
        data-tiles={map.tileUrl}
        data-attribution={map.attribution}
        data-label={tr(language, { ru: "Карта обращений", en: "Map of reports" })}
      />
      <h2>{tr(language, { ru: "Список обращений", en: "List of reports" })}</h2>
      <ProblemList page={page} problems={located} headingLevel={3} />
    </Document>
  );
}

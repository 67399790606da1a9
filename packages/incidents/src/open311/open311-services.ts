// Open311 GeoReport v2: the pure mapping of the city's categories and incidents to the spec's fields.
import { CATEGORY_CODES, CATEGORY_NAMES, type CategoryCode } from "../classification/categories.js";
import { type IncidentStatus, STATUS_NAMES } from "../lifecycle/states.js";

/** One service of `GET services`: a category of the incident desk. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: "realtime" | "batch" | "blackbox";
  keywords: string;
  group: string;
}

/** `GET services/{code}`: the definition of a service; the city asks for no extra attributes. */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist";
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

/** The groups and a few search words of every category (Russian; the spec's `keywords` are comma-separated). */
const SERVICE_DETAILS: Readonly<Record<CategoryCode, { group: string; keywords: readonly string[] }>> = {
  roads: { group: "Городская среда", keywords: ["яма", "асфальт", "дорога", "тротуар", "светофор"] },
  yards: { group: "Городская среда", keywords: ["двор", "благоустройство", "детская площадка", "скамейка"] },
  housing: { group: "ЖКХ", keywords: ["отопление", "вода", "канализация", "управляющая компания"] },
  transport: { group: "Транспорт", keywords: ["автобус", "маршрут", "остановка", "расписание"] },
  waste: { group: "ЖКХ", keywords: ["мусор", "контейнер", "свалка", "вывоз"] },
  "street-lighting": { group: "Городская среда", keywords: ["фонарь", "освещение", "темно"] },
  snow: { group: "Городская среда", keywords: ["снег", "наледь", "гололёд", "сосульки"] },
  animals: { group: "Безопасность", keywords: ["собаки", "бездомные животные", "отлов"] },
  trade: { group: "Социальная сфера", keywords: ["магазин", "торговля", "киоск", "рынок"] },
  education: { group: "Социальная сфера", keywords: ["школа", "детский сад", "учитель"] },
  healthcare: { group: "Социальная сфера", keywords: ["поликлиника", "больница", "врач", "аптека"] },
  other: { group: "Прочее", keywords: ["другое"] },
};

/** The city's services (its incident categories), in the order of {@link CATEGORY_CODES}. */
export function open311Services(): Open311Service[] {
  return CATEGORY_CODES.map((code) => ({
    service_code: code,
    service_name: CATEGORY_NAMES[code].ru,
    description: `${CATEGORY_NAMES[code].ru} / ${CATEGORY_NAMES[code].en}`,
    metadata: false,
    type: "realtime",
    keywords: SERVICE_DETAILS[code].keywords.join(","),
    group: SERVICE_DETAILS[code].group,
  }));
}

/** Whether `code` is one of the city's service codes. */
export function isOpen311ServiceCode(code: string): code is CategoryCode {
  return (CATEGORY_CODES as readonly string[]).includes(code);
}

/** The definition of a service, or null for an unknown code. No extra attributes: `metadata` is false. */
export function open311ServiceDefinition(code: string): Open311ServiceDefinition | null {
  return isOpen311ServiceCode(code) ? { service_code: code, attributes: [] } : null;
}

/** Statuses the spec calls `closed`: the city's work on them is over (resolved, closed, rejected, forwarded). */
const CLOSED_STATUSES: ReadonlySet<string> = new Set(["resolved", "closed", "rejected", "forwarded"]);

/** `open` or `closed`, as GeoReport v2 knows statuses. */
export function open311Status(status: string): "open" | "closed" {
  return CLOSED_STATUSES.has(status) ? "closed" : "open";
}

/** The incident statuses behind an Open311 status. */
export function incidentStatusesFor(status: "open" | "closed"): string[] {
  return Object.keys(STATUS_NAMES).filter((name) => open311Status(name) === status);
}

/** The status in words, Russian first, when no public reply explains it better. */
export function open311StatusNote(status: string): string {
  const names = STATUS_NAMES[status as IncidentStatus];
  return names ? `Статус: ${names.ru} / Status: ${names.en}` : status;
}

/** A service request as GeoReport v2 answers it. */
export interface Open311Request {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** The notice given with every request: how the city answers, Russian first. */
export const OPEN311_SERVICE_NOTICE =
  "Первый ответ — в течение 2 рабочих часов; ход работ — по номеру обращения / " +
  "First reply within 2 working hours; follow the progress by the request number";

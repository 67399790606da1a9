import { parseAddress } from "./parse-address.js";
import { ABAKAN_STREET_REGISTER, type StreetRegister } from "./street-register.js";

/** A point of the city's address register. */
export interface AddressPoint {
  street: string;
  house: string;
  lat: number;
  lon: number;
}

/** The result of reading a register CSV: the points, and the lines that could not be read with why. */
export interface AddressRegisterImport {
  points: AddressPoint[];
  rejected: { line: number; reason: string }[];
}

/** Splits one CSV line into fields; quotes («"…"», with `""` inside) may hold the delimiter. */
function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index];
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === delimiter) {
      fields.push(field);
      field = "";
    } else field += character ?? "";
  }
  fields.push(field);
  return fields.map((value) => value.trim());
}

const COLUMN_NAMES: Readonly<Record<keyof AddressPoint, readonly string[]>> = {
  street: ["street", "улица"],
  house: ["house", "дом"],
  lat: ["lat", "latitude", "широта"],
  lon: ["lon", "lng", "longitude", "долгота"],
};

/**
 * Reads the city's address register from CSV with a header naming the columns street, house, lat, lon
 * (or улица, дом, широта, долгота), comma- or semicolon-separated; with semicolons a decimal comma is
 * accepted. Lines with a missing house or coordinates outside the globe are rejected, never guessed.
 */
export function parseAddressRegisterCsv(csv: string): AddressRegisterImport {
  const lines = csv.replace(/^\uFEFF/u, "").split(/\r?\n/u);
  const header = lines[0] ?? "";
  const delimiter = header.includes(";") ? ";" : ",";
  const names = splitCsvLine(header, delimiter).map((name) => name.toLowerCase());
  const column = (key: keyof AddressPoint): number =>
    names.findIndex((name) => COLUMN_NAMES[key].includes(name));
  const columns = {
    street: column("street"),
    house: column("house"),
    lat: column("lat"),
    lon: column("lon"),
  };
  const missing = Object.entries(columns).filter(([, index]) => index < 0);
  if (missing.length > 0) {
    return {
      points: [],
      rejected: [
        { line: 1, reason: `Нет столбцов / missing columns: ${missing.map(([key]) => key).join(", ")}` },
      ],
    };
  }
  const points: AddressPoint[] = [];
  const rejected: AddressRegisterImport["rejected"] = [];
  lines.slice(1).forEach((line, offset) => {
    if (line.trim() === "") return;
    const fields = splitCsvLine(line, delimiter);
    const number = (index: number): number => Number((fields[index] ?? "").replace(",", "."));
    const point = {
      street: fields[columns.street] ?? "",
      house: (fields[columns.house] ?? "").toLowerCase().replace(/\s+/gu, ""),
      lat: number(columns.lat),
      lon: number(columns.lon),
    };
    if (point.street === "" || point.house === "") {
      rejected.push({ line: offset + 2, reason: "Нет улицы или дома / street or house missing" });
    } else if (!(Math.abs(point.lat) <= 90 && Math.abs(point.lon) <= 180) || fields[columns.lat] === "") {
      rejected.push({ line: offset + 2, reason: "Неверные координаты / invalid coordinates" });
    } else points.push(point);
  });
  return { points, rejected };
}

/** Looks up coordinates of normalised addresses. */
export interface AddressLookup {
  /** The point of a street (register name) and house, or null: an unknown address gets no coordinates. */
  find(street: string, house: string): AddressPoint | null;
  readonly size: number;
}

function lookupKey(street: string, house: string): string {
  return `${street.toLowerCase().replace(/ё/gu, "е")}|${house.toLowerCase().replace(/\s+/gu, "")}`;
}

/**
 * Indexes register points by street and house. Each point's street is normalised through the street
 * register («ул. Т.Шевченко» and «Тараса Шевченко» are one street), so the CSV may spell it either way.
 */
export function createAddressLookup(
  points: readonly AddressPoint[],
  register: StreetRegister = ABAKAN_STREET_REGISTER,
): AddressLookup {
  const index = new Map<string, AddressPoint>();
  for (const point of points) {
    const parsed = parseAddress(
      `ул. ${point.street.replace(/^(ул|улица)\.?\s+/iu, "")} ${point.house}`,
      register,
    );
    const street = parsed?.inRegister === true && parsed.street !== undefined ? parsed.street : point.street;
    index.set(lookupKey(street, point.house), { ...point, street });
  }
  return { find: (street, house) => index.get(lookupKey(street, house)) ?? null, size: index.size };
}

/** Coordinates for a parsed address: only for an exact street and house in the register, else null. */
export function geocodeAddress(
  address: { street?: string; house?: string } | null,
  lookup: AddressLookup,
): { lat: number; lon: number } | null {
  if (address?.street === undefined || address.house === undefined) return null;
  const point = lookup.find(address.street, address.house);
  return point ? { lat: point.lat, lon: point.lon } : null;
}

import type { Executor } from "@otklik/db";
import { withTransaction } from "@otklik/db";
import { and, count, eq, sql } from "drizzle-orm";
import { type AddressPoint, parseAddressRegisterCsv } from "../addresses/address-register.js";
import { type ParsedAddress, parseAddress } from "../addresses/parse-address.js";
import { ABAKAN_STREET_REGISTER, type StreetRegister } from "../addresses/street-register.js";
import { addressPoints } from "../schema.js";

function registerStreet(point: AddressPoint, register: StreetRegister): string {
  const parsed = parseAddress(
    `ул. ${point.street.replace(/^(ул|улица)\.?\s+/iu, "")} ${point.house}`,
    register,
  );
  return parsed?.inRegister === true && parsed.street !== undefined ? parsed.street : point.street;
}

function houseKey(house: string): string {
  return house.toLowerCase().replace(/\s+/gu, "");
}

/**
 * Stores address-register points (street names normalised through the street register), replacing
 * points of the same street and house. Answers how many were stored.
 */
export async function storeAddressPoints(
  db: Executor,
  points: readonly AddressPoint[],
  register: StreetRegister = ABAKAN_STREET_REGISTER,
): Promise<number> {
  for (const point of points) {
    const row = {
      street: registerStreet(point, register),
      house: houseKey(point.house),
      lat: point.lat,
      lon: point.lon,
    };
    await db.drizzle
      .insert(addressPoints)
      .values(row)
      .onConflictDoUpdate({
        target: [addressPoints.street, addressPoints.house],
        set: { lat: row.lat, lon: row.lon },
      });
  }
  return points.length;
}

/** Imports the administrator's address-register CSV; answers what was stored and what was rejected. */
export async function importAddressRegister(
  db: Executor,
  csv: string,
): Promise<{ stored: number; rejected: { line: number; reason: string }[] }> {
  const parsed = parseAddressRegisterCsv(csv);
  return { stored: await storeAddressPoints(db, parsed.points), rejected: parsed.rejected };
}

/** Coordinates of an exact street and house of the register, or null — never interpolated. */
export async function findAddressPoint(
  db: Executor,
  street: string,
  house: string,
): Promise<{ lat: number; lon: number } | null> {
  const [row] = await db.drizzle
    .select({ lat: addressPoints.lat, lon: addressPoints.lon })
    .from(addressPoints)
    .where(and(eq(addressPoints.street, street), eq(addressPoints.house, houseKey(house))));
  return row ?? null;
}

/** What one import of a register file did. */
export interface AddressRegisterFileImport {
  /** Addresses new to the register. */
  imported: number;
  /** Addresses already in the register whose coordinates the file replaced. */
  updated: number;
  /** Lines that could not be read, with their 1-based line number (the header is line 1) and why. */
  rejected: { line: number; reason: string }[];
  /** How many addresses the register holds afterwards. */
  registerSize: number;
}

const IMPORT_BATCH = 500;

/**
 * Imports an administrator's register file (the CSV {@link parseAddressRegisterCsv} reads). Every readable
 * line is stored in ONE transaction — all of them or, on a database failure, none — and unreadable lines are
 * reported with their number and reason, never guessed. An address given twice in the file counts once (the
 * later line wins). Answers how many addresses were new, how many replaced stored coordinates, and the
 * register's size afterwards.
 */
export async function importAddressRegisterFile(
  db: Executor,
  csv: string,
  register: StreetRegister = ABAKAN_STREET_REGISTER,
): Promise<AddressRegisterFileImport> {
  const parsed = parseAddressRegisterCsv(csv);
  const rows = new Map<string, { street: string; house: string; lat: number; lon: number }>();
  // A register names each street hundreds of times: its register name is worked out once.
  const streets = new Map<string, string>();
  const streetOf = (point: AddressPoint): string => {
    let street = streets.get(point.street);
    if (street === undefined) {
      street = registerStreet({ ...point, house: "1" }, register);
      streets.set(point.street, street);
    }
    return street;
  };
  for (const point of parsed.points) {
    const row = {
      street: streetOf(point),
      house: houseKey(point.house),
      lat: point.lat,
      lon: point.lon,
    };
    rows.set(`${row.street}|${row.house}`, row);
  }
  const values = [...rows.values()];
  return withTransaction(db, async (tx) => {
    let imported = 0;
    for (let start = 0; start < values.length; start += IMPORT_BATCH) {
      const written = await tx.drizzle
        .insert(addressPoints)
        .values(values.slice(start, start + IMPORT_BATCH))
        .onConflictDoUpdate({
          target: [addressPoints.street, addressPoints.house],
          set: { lat: sql`excluded.lat`, lon: sql`excluded.lon` },
        })
        // A row written by this statement's insert has no xmax; one it updated has.
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      imported += written.filter((row) => row.inserted).length;
    }
    return {
      imported,
      updated: values.length - imported,
      rejected: parsed.rejected,
      registerSize: await countAddressPoints(tx),
    };
  });
}

/** How many addresses the register holds. */
export async function countAddressPoints(db: Executor): Promise<number> {
  const [row] = await db.drizzle.select({ total: count() }).from(addressPoints);
  return Number(row?.total ?? 0);
}

/**
 * Looks an address written as people write it («ул. Щетинкина, 12») up in the register: the parsed address,
 * and the register's point for its exact street and house, or null — never an interpolated place.
 */
export async function lookupAddress(
  db: Executor,
  text: string,
  register: StreetRegister = ABAKAN_STREET_REGISTER,
): Promise<{
  parsed: ParsedAddress | null;
  point: { street: string; house: string; lat: number; lon: number } | null;
}> {
  const parsed = parseAddress(text, register);
  if (parsed?.street === undefined || parsed.house === undefined) return { parsed, point: null };
  const found = await findAddressPoint(db, parsed.street, parsed.house);
  return {
    parsed,
    point: found
      ? { street: parsed.street, house: houseKey(parsed.house), lat: found.lat, lon: found.lon }
      : null,
  };
}

import type { Executor } from "@otklik/db";
import { and, eq } from "drizzle-orm";
import { type AddressPoint, parseAddressRegisterCsv } from "../addresses/address-register.js";
import { parseAddress } from "../addresses/parse-address.js";
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

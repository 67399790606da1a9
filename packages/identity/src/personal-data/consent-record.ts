import { notFound } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import { consents } from "../schema.js";
import { orm } from "../storage/database.js";
import type { Consent, ConsentChannel } from "./consent.js";

export type ConsentRow = typeof consents.$inferSelect;

export const CONSENT_NOT_FOUND = "Согласие / Consent";

export function toConsent(row: ConsentRow): Consent {
  return {
    id: row.id,
    textId: row.textId,
    purpose: row.purpose,
    subject: { name: row.subjectName, email: row.subjectEmail, phone: row.subjectPhone },
    address: row.address,
    channel: row.channel as ConsentChannel,
    givenAt: row.givenAt.toISOString(),
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    anonymisedAt: row.anonymisedAt?.toISOString() ?? null,
  };
}

export async function loadConsent(db: Executor, id: string): Promise<ConsentRow> {
  const [row] = await orm(db).select().from(consents).where(eq(consents.id, id)).limit(1);
  if (!row) throw notFound(CONSENT_NOT_FOUND);
  return row;
}

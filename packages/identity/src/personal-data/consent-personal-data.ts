import { and, asc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { consents } from "../schema.js";
import { orm } from "../storage/database.js";
import { toConsent } from "./consent-record.js";
import type { DataSubject } from "./data-subject.js";
import type { PersonalDataPart } from "./registry.js";

function ofSubject(subject: DataSubject): SQL {
  const matches = [
    subject.email ? eq(consents.subjectEmail, subject.email) : undefined,
    subject.phone ? eq(consents.subjectPhone, subject.phone) : undefined,
  ];
  return or(...matches) ?? sql`false`;
}

/** What anonymising a consent clears: the person's name, contacts and address. The consent's fact stays. */
function anonymised(now: Date) {
  return {
    subjectName: null,
    subjectEmail: null,
    subjectPhone: null,
    address: null,
    anonymisedAt: now,
    withdrawnAt: sql`coalesce(${consents.withdrawnAt}, ${now})`,
  };
}

/**
 * Identity's own personal data: the consent ledger. Erasure keeps each record
 * (that a consent to text version N was given on a date through a channel) and
 * clears who gave it, withdrawing it if it was still in force.
 */
export const consentPersonalData: PersonalDataPart = {
  name: "identity.consents",
  description: "Согласия на обработку персональных данных / Consents to personal-data processing",
  async export(subject, { db }) {
    const rows = await orm(db).select().from(consents).where(ofSubject(subject)).orderBy(asc(consents.id));
    return rows.map(toConsent);
  },
  async erase(subject, { db, clock }) {
    const changed = await orm(db)
      .update(consents)
      .set(anonymised(clock.now()))
      .where(ofSubject(subject))
      .returning({ id: consents.id });
    return changed.length;
  },
  async anonymiseBefore(cutoff, { db, clock }) {
    const changed = await orm(db)
      .update(consents)
      .set(anonymised(clock.now()))
      .where(and(lt(consents.givenAt, cutoff), isNull(consents.anonymisedAt)))
      .returning({ id: consents.id });
    return changed.length;
  },
};

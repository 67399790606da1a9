import { Email, IsoDate, NonEmptyText, newId, notFound, RussianPhone } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { type PersonalDataPart, recordAudit, requirePermission } from "@otklik/identity";
import { and, asc, eq, gte, isNull } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { journalists } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";

/** An accredited journalist. */
export const Journalist = z.object({
  id: z.string(),
  fullName: z.string().nullable(),
  outlet: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  accreditedUntil: z.string(),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  /** Accredited on the day asked (not revoked, not expired). */
  active: z.boolean(),
});
export type Journalist = z.infer<typeof Journalist>;

export const NewAccreditation = z.object({
  fullName: NonEmptyText.max(200),
  outlet: NonEmptyText.max(300),
  email: Email,
  phone: RussianPhone.optional(),
  accreditedUntil: IsoDate,
});
export type NewAccreditation = z.input<typeof NewAccreditation>;

export const Revocation = z.object({ reason: NonEmptyText.max(2000) });
export type Revocation = z.input<typeof Revocation>;

type JournalistRow = typeof journalists.$inferSelect;
const today = (context: Pick<ContentContext, "clock">) => context.clock.now().toISOString().slice(0, 10);
const toJournalist = (row: JournalistRow, day: string): Journalist => ({
  id: row.id,
  fullName: row.fullName,
  outlet: row.outlet,
  email: row.email,
  phone: row.phone,
  accreditedUntil: row.accreditedUntil,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  revocationReason: row.revocationReason,
  active: row.revokedAt === null && row.accreditedUntil >= day && row.email !== null,
});

/** Accredits a journalist of an outlet until a date. */
export async function accreditJournalist(
  context: ContentContext,
  input: NewAccreditation,
): Promise<Journalist> {
  requirePermission(context.actor, "publication:edit");
  const fields = parseInput(NewAccreditation, input);
  const now = context.clock.now();
  return withTransaction(context.db, async (tx) => {
    const [row] = await tx.drizzle
      .insert(journalists)
      .values({
        id: newId("jrn", now),
        fullName: fields.fullName,
        outlet: fields.outlet,
        email: fields.email,
        phone: fields.phone ?? null,
        accreditedUntil: fields.accreditedUntil,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, context, {
      action: "journalist.accredit",
      objectType: "journalist",
      objectId: row!.id,
      after: { outlet: fields.outlet, accreditedUntil: fields.accreditedUntil },
    });
    return toJournalist(row!, today(context));
  });
}

/** Ends an accreditation early, with the reason. */
export async function revokeAccreditation(
  context: ContentContext,
  id: string,
  input: Revocation,
): Promise<Journalist> {
  requirePermission(context.actor, "publication:edit");
  const { reason } = parseInput(Revocation, input);
  return withTransaction(context.db, async (tx) => {
    const [row] = await tx.drizzle
      .update(journalists)
      .set({ revokedAt: context.clock.now(), revocationReason: reason })
      .where(and(eq(journalists.id, id), isNull(journalists.revokedAt)))
      .returning();
    if (!row) throw notFound(`Аккредитация / Accreditation ${id}`);
    await recordAudit(tx, context, { action: "journalist.revoke", objectType: "journalist", objectId: id });
    return toJournalist(row, today(context));
  });
}

/** Accredited journalists, by outlet; `activeOnly` for today's list. */
export async function listJournalists(
  context: ContentContext,
  options: { activeOnly?: boolean } = {},
): Promise<Journalist[]> {
  requirePermission(context.actor, "publication:edit");
  const day = today(context);
  const rows = await context.db.drizzle
    .select()
    .from(journalists)
    .where(
      options.activeOnly
        ? and(isNull(journalists.revokedAt), gte(journalists.accreditedUntil, day))
        : undefined,
    )
    .orderBy(asc(journalists.outlet), asc(journalists.id));
  return rows
    .map((row) => toJournalist(row, day))
    .filter((journalist) => !options.activeOnly || journalist.active);
}

/** Journalists' names and contacts, for identity's export and erasure. */
export const journalistPersonalData: PersonalDataPart = {
  name: "content.journalists",
  description: "Аккредитованные журналисты / Accredited journalists",
  async export(subject, { db, clock }) {
    if (!subject.email) return [];
    const rows = await db.drizzle.select().from(journalists).where(eq(journalists.email, subject.email));
    return rows.map((row) => toJournalist(row, clock.now().toISOString().slice(0, 10)));
  },
  async erase(subject, { db, clock }) {
    if (!subject.email) return 0;
    const rows = await db.drizzle
      .update(journalists)
      .set({ fullName: null, email: null, phone: null, anonymisedAt: clock.now() })
      .where(eq(journalists.email, subject.email))
      .returning({ id: journalists.id });
    return rows.length;
  },
};

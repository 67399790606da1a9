// Incidents and publications at known instants, for the dashboards' and reports' figures.
import {
  approvePublication,
  createPublication,
  createPublisher,
  type NewPublication,
  publishPublication,
  submitPublication,
} from "@otklik/content";
import type { Clock, ManualClock } from "@otklik/core";
import type { Database } from "@otklik/db";
import { systemActor } from "@otklik/identity";
import { receivePlatformIncident } from "@otklik/incidents";

/** An instant from the city's wall clock (Abakan, UTC+7 all year): `2026-03-02T09:00`. */
export const abakan = (local: string): Date => new Date(`${local}:00+07:00`);

export interface SeededIncident {
  /** When it was received, on the city's wall clock. */
  at: string;
  channel: string;
  category: string;
  departmentId: string | null;
  /** Minutes from receipt to the first public reply; null: not answered. */
  replyAfterMinutes: number | null;
  /** Hours from receipt to the platform's answer deadline; null: none. */
  platformDeadlineHours?: number | null;
  status?: string;
  slaState?: string;
  /** Hours from receipt to the earliest open deadline (negative: passed before receipt, i.e. overdue). */
  dueInHours?: number | null;
  mergedIntoId?: string | null;
}

let sequence = 0;

/**
 * Creates an incident through the desk's own intake, then sets the columns the figures read to the
 * given values (receipt, channel, category, department, first reply, deadlines, status), so each test
 * knows exactly what the aggregates must say.
 */
export async function seedIncident(
  db: Database,
  clock: ManualClock,
  incident: SeededIncident,
): Promise<string> {
  sequence += 1;
  const received = abakan(incident.at);
  clock.set(received);
  const { incidentId } = await receivePlatformIncident(
    { db, clock: clock as Clock, actor: systemActor("test") },
    {
      type: "incident",
      id: `analytics-${sequence}-${received.getTime()}`,
      createdAt: received.toISOString(),
      text: `Обращение номер ${sequence}: во дворе не убрано`,
      source: { network: "vk" },
    } as Parameters<typeof receivePlatformIncident>[1],
  );
  const plusMinutes = (minutes: number | null | undefined) =>
    minutes === null || minutes === undefined ? null : new Date(received.getTime() + minutes * 60_000);
  await db.query(
    `UPDATE incidents SET received_at = $2, created_at = $2, sent_at = NULL, channel = $3, category = $4,
            department_id = $5, first_public_reply_at = $6, platform_deadline_at = $7, status = $8,
            sla_state = $9, due_at = $10, merged_into_id = $11
      WHERE id = $1`,
    [
      incidentId,
      received,
      incident.channel,
      incident.category,
      incident.departmentId,
      plusMinutes(incident.replyAfterMinutes),
      plusMinutes(
        incident.platformDeadlineHours === null || incident.platformDeadlineHours === undefined
          ? null
          : incident.platformDeadlineHours * 60,
      ),
      incident.status ?? "new",
      incident.slaState ?? "running",
      plusMinutes(
        incident.dueInHours === null || incident.dueInHours === undefined ? null : incident.dueInHours * 60,
      ),
      incident.mergedIntoId ?? null,
    ],
  );
  return incidentId;
}

/** A publisher (optionally of a department) for {@link seedPublication}. */
export async function seedPublisher(db: Database, clock: Clock, departmentId?: string): Promise<string> {
  const publisher = await createPublisher(
    { db, clock, actor: systemActor("test") },
    {
      kind: departmentId ? "department" : "administration",
      name: departmentId ? "Управление ЖКХ" : "Администрация города Абакана",
      shortName: departmentId ? "ЖКХ" : "Администрация",
      ...(departmentId ? { departmentId } : {}),
    },
  );
  return publisher.id;
}

/** A publication published at `at` (city clock); `postedTo` marks its posts on those pages published then. */
export async function seedPublication(
  db: Database,
  clock: ManualClock,
  input: { at: string; type: string; publisherId: string; postedTo?: string[] },
): Promise<string> {
  clock.set(abakan(input.at));
  const context = { db, clock: clock as Clock, actor: systemActor("test") };
  sequence += 1;
  const publication = await createPublication(context, {
    type: input.type,
    title: `Публикация ${sequence}`,
    body: "Текст публикации",
    publisherId: input.publisherId,
  } as NewPublication);
  await submitPublication(context, publication.id);
  await approvePublication(context, publication.id);
  await publishPublication(context, publication.id);
  for (const platform of input.postedTo ?? []) {
    await db.query(
      `INSERT INTO content_variants (id, publication_id, platform, text, image_urls, state, updated_at)
       VALUES ($1, $2, $3, 'Пост', '[]'::jsonb, 'published', $4)
       ON CONFLICT (publication_id, platform) DO UPDATE SET state = 'published', updated_at = $4`,
      [`var_seed_${sequence}_${platform}`, publication.id, platform, abakan(input.at)],
    );
  }
  return publication.id;
}

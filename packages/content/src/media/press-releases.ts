import { NonEmptyText, newId } from "@otklik/core";
import { actorId, requirePermission, type SendMail } from "@otklik/identity";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { pressReleases } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { renderMarkdown } from "../text/markdown.js";
import { listJournalists } from "./journalists.js";

export const NewPressRelease = z.object({
  subject: NonEmptyText.max(300),
  /** Markdown, rendered safely into the letter's HTML. */
  body: NonEmptyText.max(100_000),
  publicationId: z.string().min(1).max(64).optional(),
});
export type NewPressRelease = z.input<typeof NewPressRelease>;

export const PressRelease = z.object({
  id: z.string(),
  subject: z.string(),
  publicationId: z.string().nullable(),
  sentAt: z.string(),
  recipients: z.number().int(),
  delivered: z.number().int(),
  failures: z.array(z.object({ journalistId: z.string(), outlet: z.string(), error: z.string() })),
});
export type PressRelease = z.infer<typeof PressRelease>;

/**
 * E-mails a press release to every journalist accredited today, one letter each (no one sees
 * the others' addresses), and records who got it. A failed letter is reported, not retried here.
 */
export async function sendPressRelease(
  context: ContentContext,
  input: NewPressRelease,
  sendMail: SendMail,
): Promise<PressRelease> {
  requirePermission(context.actor, "publication:publish");
  const fields = parseInput(NewPressRelease, input);
  const recipients = await listJournalists(context, { activeOnly: true });
  const html = renderMarkdown(fields.body);
  const deliveries: { journalistId: string; outlet: string; sent: boolean; error?: string }[] = [];
  for (const journalist of recipients) {
    try {
      await sendMail({ to: journalist.email!, subject: fields.subject, text: fields.body, html });
      deliveries.push({ journalistId: journalist.id, outlet: journalist.outlet, sent: true });
    } catch (error) {
      deliveries.push({
        journalistId: journalist.id,
        outlet: journalist.outlet,
        sent: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const now = context.clock.now();
  const [row] = await context.db.drizzle
    .insert(pressReleases)
    .values({
      id: newId("prs", now),
      publicationId: fields.publicationId ?? null,
      subject: fields.subject,
      body: fields.body,
      deliveries,
      sentBy: actorId(context.actor),
      sentAt: now,
    })
    .returning();
  return {
    id: row!.id,
    subject: row!.subject,
    publicationId: row!.publicationId,
    sentAt: now.toISOString(),
    recipients: deliveries.length,
    delivered: deliveries.filter((delivery) => delivery.sent).length,
    failures: deliveries
      .filter((delivery) => !delivery.sent)
      .map(({ journalistId, outlet, error }) => ({ journalistId, outlet, error: error ?? "" })),
  };
}

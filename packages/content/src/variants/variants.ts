import { conflict, IsoInstant, newId, notFound, OtklikError } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { recordAudit, requirePermission } from "@otklik/identity";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { variants } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { loadPublication } from "../storage/publication-record.js";
import { sendVariantJob } from "../workflow/transition.js";
import { countVariant, maximumPhotoCount, SocialPlatform, type VariantCounter } from "./cut-variant.js";

/** How a social post stands. */
export const VariantState = z.enum(["draft", "queued", "published", "failed", "unknown"]);
export type VariantState = z.infer<typeof VariantState>;

/** A publication's post on one social page. */
export const Variant = z.object({
  id: z.string(),
  publicationId: z.string(),
  platform: SocialPlatform,
  connectionId: z.string().nullable(),
  text: z.string(),
  imageUrls: z.array(z.string()),
  postAt: z.string().nullable(),
  state: VariantState,
  url: z.string().nullable(),
  failureReason: z.string().nullable(),
  attempt: z.number().int(),
  counter: z.object({
    length: z.number().int(),
    limit: z.number().int(),
    remaining: z.number().int(),
    fits: z.boolean(),
  }),
  updatedAt: z.string(),
});
export type Variant = z.infer<typeof Variant>;

/** An editor's version of the post for one page: its text, its own photos, its own time. */
export const VariantInput = z.object({
  text: z.string().trim().min(1).max(100_000),
  imageUrls: z
    .array(z.url({ protocol: /^https?$/ }))
    .max(12)
    .default([]),
  postAt: IsoInstant.nullable().optional(),
  connectionId: z.string().min(1).max(64).nullable().optional(),
});
export type VariantInput = z.input<typeof VariantInput>;

type VariantRow = typeof variants.$inferSelect;

export function toVariant(row: VariantRow): Variant {
  const platform = row.platform as SocialPlatform;
  const { length, limit, remaining, fits }: VariantCounter = countVariant(
    platform,
    row.text,
    row.imageUrls.length > 0,
  );
  return {
    id: row.id,
    publicationId: row.publicationId,
    platform,
    connectionId: row.connectionId,
    text: row.text,
    imageUrls: row.imageUrls,
    postAt: row.postAt?.toISOString() ?? null,
    state: row.state as VariantState,
    url: row.url,
    failureReason: row.failureReason,
    attempt: row.attempt,
    counter: { length, limit, remaining, fits },
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A publication's social posts, with their counters and delivery states. */
export async function listVariants(context: ContentContext, publicationId: string): Promise<Variant[]> {
  requirePermission(context.actor, "publication:edit");
  await loadPublication(context.db, publicationId);
  const rows = await context.db.drizzle
    .select()
    .from(variants)
    .where(eq(variants.publicationId, publicationId))
    .orderBy(asc(variants.platform));
  return rows.map(toVariant);
}

/**
 * Sets the post for one page. The text and photos must fit the platform's limits (the counter
 * shows how much room is left); a post already sent is not changed here.
 */
export async function saveVariant(
  context: ContentContext,
  publicationId: string,
  platform: SocialPlatform,
  input: VariantInput,
): Promise<Variant> {
  requirePermission(context.actor, "publication:edit");
  const page = parseInput(SocialPlatform, platform, ["platform"]);
  const fields = parseInput(VariantInput, input);
  const counter = countVariant(page, fields.text, fields.imageUrls.length > 0);
  const problems = [
    ...(counter.fits
      ? []
      : [
          {
            path: ["text"],
            message: `Длиннее ${counter.limit} знаков (${counter.length}) / Longer than ${counter.limit} characters`,
          },
        ]),
    ...(fields.imageUrls.length > maximumPhotoCount(page)
      ? [
          {
            path: ["imageUrls"],
            message: `Не больше ${maximumPhotoCount(page)} фото / At most ${maximumPhotoCount(page)} photos`,
          },
        ]
      : []),
  ];
  if (problems.length > 0) {
    throw new OtklikError(
      "validation_failed",
      "Пост не помещается в ограничения площадки / The post exceeds the platform's limits",
      { details: problems },
    );
  }
  const now = context.clock.now();
  return withTransaction(context.db, async (tx) => {
    const publication = await loadPublication(tx, publicationId, true);
    if (publication.state === "archived") throw conflict("Публикация в архиве / The publication is archived");
    const [existing] = await tx.drizzle
      .select()
      .from(variants)
      .where(and(eq(variants.publicationId, publicationId), eq(variants.platform, page)));
    if (existing && existing.state !== "draft" && existing.state !== "failed") {
      throw conflict(`Пост уже отправлен (${existing.state}) / The post has been sent already`);
    }
    const values = {
      text: fields.text,
      imageUrls: fields.imageUrls,
      postAt: fields.postAt ?? null,
      connectionId: fields.connectionId ?? null,
      updatedAt: now,
    };
    const [row] = existing
      ? await tx.drizzle.update(variants).set(values).where(eq(variants.id, existing.id)).returning()
      : await tx.drizzle
          .insert(variants)
          .values({ id: newId("var", now), publicationId, platform: page, state: "draft", ...values })
          .returning();
    // Added after publishing: it goes out now (or at its own time).
    if (publication.live !== null && row!.state === "draft") {
      const [queued] = await tx.drizzle
        .update(variants)
        .set({ state: "queued", attempt: row!.attempt + 1 })
        .where(eq(variants.id, row!.id))
        .returning();
      await sendVariantJob(context, tx, { variantId: queued!.id, attempt: queued!.attempt }, queued!.postAt);
      return toVariant(queued!);
    }
    await recordAudit(tx, context, {
      action: "publication.variant",
      objectType: "publication",
      objectId: publicationId,
      after: { platform: page, length: counter.length },
    });
    return toVariant(row!);
  });
}

/**
 * Sends a failed post again, as a new attempt with its own idempotency key. A post whose outcome
 * is unknown is not re-sent: a person checks the page first (it may be there already).
 */
export async function retryVariant(context: ContentContext, variantId: string): Promise<Variant> {
  requirePermission(context.actor, "publication:publish");
  return withTransaction(context.db, async (tx) => {
    const [row] = await tx.drizzle.select().from(variants).where(eq(variants.id, variantId)).for("update");
    if (!row) throw notFound(`Пост / Post ${variantId}`);
    if (row.state !== "failed") {
      throw conflict(
        row.state === "unknown"
          ? "Неизвестно, вышел ли пост: сначала проверьте страницу / Unknown outcome: check the page first"
          : `Повторять нечего (${row.state}) / Nothing to retry`,
      );
    }
    const [queued] = await tx.drizzle
      .update(variants)
      .set({ state: "queued", attempt: row.attempt + 1, failureReason: null, updatedAt: context.clock.now() })
      .where(eq(variants.id, variantId))
      .returning();
    await sendVariantJob(context, tx, { variantId, attempt: queued!.attempt }, null);
    await recordAudit(tx, context, {
      action: "publication.variant_retry",
      objectType: "publication",
      objectId: row.publicationId,
      after: { platform: row.platform, attempt: queued!.attempt },
    });
    return toVariant(queued!);
  });
}

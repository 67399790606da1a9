import { IsoInstant } from "@otklik/core";
import { defineEvent } from "@otklik/db";
import { z } from "zod";
import { SocialPlatform } from "./variants/cut-variant.js";

/** A publication went on the site (by an editor or by its schedule). */
export const PublicationPublished = defineEvent(
  "content.publication_published",
  z.object({
    publicationId: z.string(),
    type: z.string(),
    slug: z.string(),
    title: z.string(),
    publishedAt: z.iso.datetime(),
  }),
);

/**
 * A publication's post went out on a social page: emitted in the transaction that moves the variant
 * from `queued` to `published`, so once per attempt however often its job runs.
 */
export const PublicationPosted = defineEvent(
  "content.publication_posted",
  z.object({
    publicationId: z.string().min(1),
    variantId: z.string().min(1),
    /** The publication's title as readers see it (the live one). */
    title: z.string().min(1),
    platform: SocialPlatform,
    /** The variant's attempt (1, then one more for each retry an editor asked for). */
    attempt: z.number().int().min(1),
    /** The post's address, when the platform gave one. */
    url: z.string().nullable(),
    postedAt: IsoInstant,
  }),
);

/**
 * A publication's post did not go out on a social page, finally: the platform refused it (or the
 * sender failed on the job's last try) — `failed` — or may have it without saying so — `unknown`
 * (channels' "never a blind re-send": a person checks the page before retrying). Emitted in the
 * transaction that moves the variant out of `queued`, so once per attempt, never per try.
 */
export const PublicationDeliveryFailed = defineEvent(
  "content.publication_delivery_failed",
  z.object({
    publicationId: z.string().min(1),
    variantId: z.string().min(1),
    title: z.string().min(1),
    platform: SocialPlatform,
    attempt: z.number().int().min(1),
    /** The variant's state now: `failed` (retry is offered) or `unknown` (check the page first). */
    state: z.enum(["failed", "unknown"]),
    /** Why, in words (Russian / English when it is ours; the platform's own text otherwise). */
    error: z.string().min(1),
    failedAt: IsoInstant,
  }),
);

/**
 * A citizen's comment on a public hearing was stored and waits for premoderation. Carries no
 * personal data and not the text (the outbox is not the place for them): the moderators read the
 * comment in the admin.
 */
export const HearingCommentSubmitted = defineEvent(
  "content.hearing_comment_submitted",
  z.object({
    /** The hearing (a publication of type `hearing`). */
    publicationId: z.string().min(1),
    commentId: z.string().min(1),
    title: z.string().min(1),
    /** The paragraph commented on (0-based), or null for the whole draft. */
    paragraph: z.number().int().min(0).nullable(),
    /** How many of the hearing's comments await moderation now, this one included. */
    awaitingModeration: z.number().int().min(1),
    receivedAt: IsoInstant,
  }),
);

import { createHash } from "node:crypto";

/** Queues of content's durable work. */
export const CONTENT_QUEUES = {
  publish: "content.publish-scheduled",
  unpublish: "content.unpublish-scheduled",
  postVariant: "content.post-variant",
} as const;

/**
 * A UUID derived from `key`, so that the same piece of work sent twice (by a verb and by the
 * workers' reconciliation, or by two processes) is one job.
 */
export function jobIdFor(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface PublishJob {
  publicationId: string;
  /** The scheduled instant the job was made for: a job for an older schedule does nothing. */
  at: string;
}

export interface VariantJob {
  variantId: string;
  attempt: number;
}

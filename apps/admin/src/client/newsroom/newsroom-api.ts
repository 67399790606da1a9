import { useQuery } from "@tanstack/react-query";
import type { Page } from "../api/identity.js";
import { useApi } from "../session/session.js";

// The shapes the API answers for the newsroom (@otklik/content's schemas, as JSON). No zod in the
// browser: the API has validated what it answers.

export const PUBLICATION_TYPES = [
  "news",
  "official_statement",
  "announcement",
  "notice",
  "auction_notice",
  "hearing",
  "explanatory",
  "handbook_article",
  "information_category",
] as const;
export type PublicationType = (typeof PUBLICATION_TYPES)[number];

export const PUBLICATION_STATES = [
  "draft",
  "in_review",
  "approved",
  "scheduled",
  "published",
  "unpublished",
  "archived",
] as const;
export type PublicationState = (typeof PUBLICATION_STATES)[number];

export const WORKFLOW_VERBS = [
  "submit",
  "approve",
  "return",
  "schedule",
  "publish",
  "unpublish",
  "archive",
] as const;
export type WorkflowVerb = (typeof WORKFLOW_VERBS)[number];

export const SOCIAL_PLATFORMS = ["vk", "telegram", "ok", "max"] as const;
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];
export const CALENDAR_CHANNELS = ["site", ...SOCIAL_PLATFORMS] as const;
export type CalendarChannel = (typeof CALENDAR_CHANNELS)[number];

export type VariantState = "draft" | "queued" | "published" | "failed" | "unknown";

export interface CoverImage {
  url: string;
  alt: string;
}
export interface Attachment {
  url: string;
  name: string;
  mediaType?: string;
}

export interface Publication {
  id: string;
  type: PublicationType;
  state: PublicationState;
  slug: string;
  title: string;
  summary: string;
  body: string;
  cover: CoverImage | null;
  tags: string[];
  attachments: Attachment[];
  fields: Record<string, unknown>;
  publisherId: string;
  revision: number;
  liveRevision: number | null;
  publishAt: string | null;
  unpublishAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Publisher {
  id: string;
  kind: string;
  name: string;
  shortName: string;
}

export interface Revision {
  id: string;
  number: number;
  note: string | null;
  authorId: string;
  createdAt: string;
}

export interface RevisionDiff {
  from: number;
  to: number;
  changes: { field: string; parts: { kind: "equal" | "added" | "removed"; text: string }[] }[];
}

export interface Variant {
  id: string;
  publicationId: string;
  platform: SocialPlatform;
  text: string;
  imageUrls: string[];
  postAt: string | null;
  state: VariantState;
  url: string | null;
  failureReason: string | null;
  attempt: number;
  counter: { length: number; limit: number; remaining: number; fits: boolean };
  updatedAt: string;
}

export interface VariantLimits {
  platform: SocialPlatform;
  textLength: number;
  captionLength: number;
  photoCount: number;
}

export interface CalendarEntry {
  publicationId: string;
  title: string;
  type: PublicationType;
  channel: CalendarChannel;
  at: string;
  state: string;
  variantId: string | null;
  url: string | null;
}

export interface HearingComment {
  id: string;
  publicationId: string;
  paragraph: number | null;
  text: string;
  authorName: string | null;
  moderation: "pending" | "approved" | "rejected";
  receivedAt: string;
}

export interface StaleArticle {
  id: string;
  title: string;
  ownerDepartmentId: string;
  reviewBy: string;
}

export interface FrequentQuestion {
  topic: string;
  stems: string[];
  count: number;
  incidentIds: string[];
  examples: string[];
  material: { publicationId: string; title: string; state: string; path: string | null } | null;
}

export const publicationKey = (id: string) => ["newsroom", "publication", id] as const;
const path = (id: string) => `/api/v1/publications/${encodeURIComponent(id)}`;

export function usePublications(query: { type?: string; state?: string; cursor?: string }) {
  const api = useApi();
  return useQuery({
    queryKey: ["newsroom", "list", query],
    queryFn: () => api.get<Page<Publication>>("/api/v1/publications", { ...query, limit: 25 }),
  });
}

/** A scheduled publication is re-read every 5 s, so the editor sees it go out when its job runs. */
export function usePublication(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: publicationKey(id),
    queryFn: () => api.get<Publication>(path(id)),
    refetchInterval: (query) => (query.state.data?.state === "scheduled" ? 5000 : false),
  });
}

/** The verbs the API allows now: read again whenever the state changes. */
export function useActions(id: string, state: PublicationState) {
  const api = useApi();
  return useQuery({
    queryKey: [...publicationKey(id), "actions", state],
    queryFn: () => api.get<{ state: PublicationState; verbs: WorkflowVerb[] }>(`${path(id)}/actions`),
  });
}

export function useRevisions(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...publicationKey(id), "revisions"],
    queryFn: () => api.get<{ items: Revision[] }>(`${path(id)}/revisions`),
  });
}

/** The posts' delivery states change in the background: refreshed every 5 s while any is queued. */
export function useVariants(id: string, state: PublicationState) {
  const api = useApi();
  return useQuery({
    queryKey: [...publicationKey(id), "variants", state],
    queryFn: () => api.get<{ items: Variant[] }>(`${path(id)}/variants`),
    refetchInterval: (query) =>
      query.state.data?.items.some((variant) => variant.state === "queued") ? 5000 : 15_000,
  });
}

export function usePublishers() {
  const api = useApi();
  return useQuery({
    queryKey: ["newsroom", "publishers"],
    queryFn: () => api.get<{ items: Publisher[] }>("/api/v1/publishers"),
    staleTime: 5 * 60_000,
  });
}

export function useVariantLimits() {
  const api = useApi();
  return useQuery({
    queryKey: ["newsroom", "variant-limits"],
    queryFn: () => api.get<{ items: VariantLimits[] }>("/api/v1/variant-limits"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCalendar(from: string, to: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["newsroom", "calendar", from, to],
    queryFn: () => api.get<{ items: CalendarEntry[] }>("/api/v1/publication-calendar", { from, to }),
    refetchInterval: 15_000,
  });
}

export const pathOf = path;

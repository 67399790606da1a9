import { z } from "zod";

/**
 * What the site reads from content's public routes (`/api/v1/public/…`, `/api/v1/search`,
 * `/api/v1/handbook/sections`, `/api/v1/publishers`). Unknown fields are ignored, so the API may add.
 */
export const PUBLICATION_TYPES = [
  "official_statement",
  "news",
  "announcement",
  "notice",
  "auction_notice",
  "hearing",
  "explanatory",
  "handbook_article",
  "information_category",
] as const;
export const PublicationType = z.enum(PUBLICATION_TYPES);
export type PublicationType = z.infer<typeof PublicationType>;

export const PublicPublication = z.object({
  id: z.string(),
  type: PublicationType,
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  /** Rendered by content's safe Markdown (no raw HTML, safe links only). */
  bodyHtml: z.string(),
  cover: z.object({ url: z.string(), alt: z.string() }).nullable(),
  tags: z.array(z.string()),
  attachments: z.array(z.object({ url: z.string(), name: z.string(), mediaType: z.string().optional() })),
  fields: z.record(z.string(), z.unknown()),
  publisher: z.object({ id: z.string(), name: z.string() }),
  publishedAt: z.string(),
  firstPublishedAt: z.string(),
});
export type PublicPublication = z.infer<typeof PublicPublication>;

export const PublicationPage = z.object({
  items: z.array(PublicPublication),
  nextCursor: z.string().nullable(),
});
export type PublicationPage = z.infer<typeof PublicationPage>;

export const SearchHit = z.object({
  id: z.string(),
  type: PublicationType,
  slug: z.string(),
  title: z.string(),
  /** HTML-escaped text with the matches in `<mark>`. */
  snippet: z.string(),
  publishedAt: z.string(),
});
export type SearchHit = z.infer<typeof SearchHit>;
export const SearchHits = z.object({
  items: z.array(SearchHit),
  /** The query as run when misspelt words were corrected («концэрт» → «концерт»); else null. */
  correctedQuery: z.string().nullable().optional(),
});

export const HandbookSection = z.object({ id: z.string(), title: z.string(), slug: z.string() });
export type HandbookSection = z.infer<typeof HandbookSection>;
export const HandbookSections = z.object({ items: z.array(HandbookSection) });

export const Publisher = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  shortName: z.string(),
});
export type Publisher = z.infer<typeof Publisher>;
export const Publishers = z.object({ items: z.array(Publisher) });

export const HearingComment = z.object({
  id: z.string(),
  paragraph: z.number().int().nullable(),
  text: z.string(),
  authorName: z.string().nullable(),
  decision: z.enum(["accepted", "declined"]).nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  receivedAt: z.string(),
});
export type HearingComment = z.infer<typeof HearingComment>;
export const HearingComments = z.object({ items: z.array(HearingComment) });

/** A hearing's own fields (the rest of a publication's `fields` is not the site's business). */
export const HearingFields = z.object({
  draftParagraphs: z.array(z.string()),
  draftFile: z.object({ url: z.string(), name: z.string(), mediaType: z.string().optional() }).optional(),
  opensAt: z.string(),
  closesAt: z.string(),
  howToTakePart: z.string(),
  protocolNumber: z.string().optional(),
});
export type HearingFields = z.infer<typeof HearingFields>;

export const AnnouncementFields = z.object({ eventAt: z.string().optional(), place: z.string().optional() });
export const NoticeFields = z.object({ validUntil: z.string().optional() });
export const AuctionFields = z.object({
  lot: z.string(),
  bidsOpenAt: z.string(),
  bidsCloseAt: z.string(),
  auctionAt: z.string(),
  terms: z.string(),
  startingPrice: z.number().optional(),
  auctionUrl: z.string(),
});
export const HandbookFields = z.object({ sectionId: z.string() });
export const INFORMATION_CATEGORIES = [
  "general",
  "rulemaking",
  "statistics",
  "budget",
  "personnel",
  "citizens_appeals",
  "municipal_services",
  "other",
] as const;
export const InformationFields = z.object({
  category: z.enum(INFORMATION_CATEGORIES),
  lastUpdatedOn: z.string().optional(),
});

/** A consent text in force (identity's legal texts), shown next to a form. */
export const ConsentText = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
});
export type ConsentText = z.infer<typeof ConsentText>;

/** The query string of an API list: only the parameters that are set. */
export function apiQuery(parameters: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters))
    if (value !== undefined && value !== "") query.set(name, String(value));
  const text = query.toString();
  return text ? `?${text}` : "";
}

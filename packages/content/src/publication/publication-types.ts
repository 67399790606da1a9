import { IsoDate, IsoInstant, NonEmptyText } from "@otklik/core";
import { z } from "zod";

/** Every kind of publication the office puts out. */
export const PublicationType = z.enum(
  [
    "news",
    "official_statement",
    "announcement",
    "notice",
    "auction_notice",
    "hearing",
    "explanatory",
    "handbook_article",
    "information_category",
  ],
  { error: "Неизвестный тип публикации / Unknown publication type" },
);
export type PublicationType = z.infer<typeof PublicationType>;

/** Who a publication speaks for. */
export const PublisherKind = z.enum(["administration", "department", "council", "election_commission"]);
export type PublisherKind = z.infer<typeof PublisherKind>;

/** Only links a reader can safely follow: http(s) and site-relative paths. */
export const SafeUrl = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((value) => /^https?:\/\//i.test(value) || /^\/(?!\/)/.test(value), {
    error: "Ссылка должна начинаться с https:// или / / Link must start with https:// or /",
  });
export type SafeUrl = z.infer<typeof SafeUrl>;

/** A picture shown with a publication: alt text is required, for readers who cannot see it. */
export const CoverImage = z.object({
  url: SafeUrl,
  alt: NonEmptyText.max(300, { error: "Описание картинки до 300 знаков / Alt text up to 300 characters" }),
});
export type CoverImage = z.infer<typeof CoverImage>;

/** A file attached to a publication (a draft regulation, a protocol, a photo). */
export const Attachment = z.object({
  url: SafeUrl,
  name: NonEmptyText.max(300),
  mediaType: z.string().max(100).optional(),
});
export type Attachment = z.infer<typeof Attachment>;

const Paragraph = NonEmptyText.max(20_000);

/** An auction notice: what is sold, when bids are taken and the state auction site's page. */
export const AuctionFields = z
  .object({
    lot: NonEmptyText.max(2000),
    bidsOpenAt: IsoInstant,
    bidsCloseAt: IsoInstant,
    auctionAt: IsoInstant,
    terms: NonEmptyText.max(20_000),
    startingPrice: z.number().nonnegative().optional(),
    /** The lot's page on torgi.gov.ru or another state auction site. */
    auctionUrl: SafeUrl.refine((url) => url.startsWith("https://"), {
      error: "Нужна ссылка https:// / https link required",
    }),
  })
  .refine((fields) => fields.bidsOpenAt < fields.bidsCloseAt && fields.bidsCloseAt <= fields.auctionAt, {
    error:
      "Приём заявок до окончания и до торгов / Bids open before they close, and close before the auction",
    path: ["bidsCloseAt"],
  });
export type AuctionFields = z.infer<typeof AuctionFields>;

/** A public hearing or discussion of a draft regulation. */
export const HearingFields = z
  .object({
    draftParagraphs: z
      .array(Paragraph)
      .min(1, { error: "Нужен текст проекта / Draft text required" })
      .max(2000),
    draftFile: Attachment.optional(),
    responsibleDepartmentId: z.string().min(1).max(64),
    opensAt: IsoInstant,
    closesAt: IsoInstant,
    howToTakePart: NonEmptyText.max(10_000),
    /** Number of the result protocol, set when the protocol is drawn up. */
    protocolNumber: z.string().max(50).optional(),
  })
  .refine((fields) => fields.opensAt < fields.closesAt, {
    error: "Обсуждение заканчивается позже, чем начинается / The period must end after it starts",
    path: ["closesAt"],
  });
export type HearingFields = z.infer<typeof HearingFields>;

/** An explanatory material answering the most frequent questions on an incident topic. */
export const ExplanatoryFields = z.object({
  incidentTopics: z.array(NonEmptyText.max(400)).min(1).max(50),
  questions: z.array(NonEmptyText.max(2000)).max(200).default([]),
});
export type ExplanatoryFields = z.infer<typeof ExplanatoryFields>;

/** An article of the citizen's handbook. */
export const HandbookFields = z.object({
  sectionId: z.string().min(1).max(64),
  ownerDepartmentId: z.string().min(1).max(64),
  reviewBy: IsoDate,
});
export type HandbookFields = z.infer<typeof HandbookFields>;

/** Categories of information a municipality must publish (Federal Law 8-FZ, article 14). */
export const InformationCategoryFields = z.object({
  category: z.enum([
    "general",
    "rulemaking",
    "statistics",
    "budget",
    "personnel",
    "citizens_appeals",
    "municipal_services",
    "other",
  ]),
  lastUpdatedOn: IsoDate,
});
export type InformationCategoryFields = z.infer<typeof InformationCategoryFields>;

/** Fields every publication shares. */
const CommonFields = {
  title: NonEmptyText.max(300, { error: "Заголовок до 300 знаков / Title up to 300 characters" }),
  summary: z.string().trim().max(1000).default(""),
  /** Markdown; rendered safely (no raw HTML, only http(s) and site links). */
  body: z.string().max(200_000).default(""),
  cover: CoverImage.nullable().default(null),
  tags: z.array(NonEmptyText.max(60)).max(30).default([]),
  attachments: z.array(Attachment).max(50).default([]),
  publisherId: z.string().min(1).max(64),
  /** A human-readable address; made from the title when missing. */
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
      error: "Адрес: латиница, цифры, дефисы / Slug: a-z, 0-9, hyphens",
    })
    .max(120)
    .optional(),
};

const typed = <Type extends PublicationType, Fields extends z.ZodType>(type: Type, fields: Fields) =>
  z.object({ ...CommonFields, type: z.literal(type), fields });

const Nothing = z.object({}).strict().default({});
const NoticeFields = z.object({ validUntil: IsoDate.optional() }).default({});

/** A new publication: the common fields and the type's own. */
export const NewPublication = z.discriminatedUnion("type", [
  typed("news", Nothing),
  typed("official_statement", Nothing),
  typed(
    "announcement",
    z.object({ eventAt: IsoInstant.optional(), place: z.string().max(300).optional() }).default({}),
  ),
  typed("notice", NoticeFields),
  typed("auction_notice", AuctionFields),
  typed("hearing", HearingFields),
  typed("explanatory", ExplanatoryFields),
  typed("handbook_article", HandbookFields),
  typed("information_category", InformationCategoryFields),
]);
export type NewPublication = z.input<typeof NewPublication>;
export type ParsedPublication = z.output<typeof NewPublication>;

/** A change to a publication: any common field, and the type's fields whole (validated against the type). */
export const PublicationChanges = z
  .object({
    title: CommonFields.title.optional(),
    summary: z.string().trim().max(1000).optional(),
    body: z.string().max(200_000).optional(),
    cover: CoverImage.nullable().optional(),
    tags: z.array(NonEmptyText.max(60)).max(30).optional(),
    attachments: z.array(Attachment).max(50).optional(),
    publisherId: z.string().min(1).max(64).optional(),
    slug: CommonFields.slug,
    fields: z.record(z.string(), z.unknown()).optional(),
    /** What changed, for the revision history. */
    note: z.string().max(500).optional(),
  })
  .refine((changes) => Object.keys(changes).some((key) => key !== "note"), {
    error: "Нет изменений / Nothing to change",
  });
export type PublicationChanges = z.input<typeof PublicationChanges>;

import type { PublicationType } from "../api-client/content.js";
import type { Bi } from "../i18n/texts.js";

/** A list page of the site: one type of publication under its own address. */
export interface Section {
  type: PublicationType;
  path: string;
  title: Bi;
  description: Bi;
}

/**
 * Every type of publication has a list page; each publication lives at `/publications/{slug}` (the
 * address content puts in feeds, the sitemap and social posts), its slug transliterated by the API.
 */
export const SECTIONS: readonly Section[] = [
  {
    type: "official_statement",
    path: "/statements",
    title: { ru: "Официальные заявления", en: "Official statements" },
    description: {
      ru: "Официальные заявления администрации города.",
      en: "Official statements of the city administration.",
    },
  },
  {
    type: "news",
    path: "/news",
    title: { ru: "Новости", en: "News" },
    description: { ru: "Новости города и администрации.", en: "News of the city and its administration." },
  },
  {
    type: "announcement",
    path: "/announcements",
    title: { ru: "Анонсы", en: "Announcements" },
    description: { ru: "Предстоящие события и мероприятия.", en: "Upcoming events." },
  },
  {
    type: "notice",
    path: "/notices",
    title: { ru: "Объявления", en: "Notices" },
    description: { ru: "Объявления администрации для горожан.", en: "Notices of the administration." },
  },
  {
    type: "auction_notice",
    path: "/auctions",
    title: { ru: "Торги и аукционы", en: "Auctions" },
    description: {
      ru: "Извещения о торгах: лоты, сроки приёма заявок, ссылки на площадки.",
      en: "Auction notices: lots, bidding periods and links to the auction sites.",
    },
  },
  {
    type: "hearing",
    path: "/hearings",
    title: { ru: "Публичные слушания и обсуждения", en: "Public hearings and discussions" },
    description: {
      ru: "Проекты правовых актов на обсуждении: текст проекта и форма замечаний.",
      en: "Draft regulations under discussion: the draft and the comment form.",
    },
  },
  {
    type: "explanatory",
    path: "/explanations",
    title: { ru: "Разъяснения", en: "Explanations" },
    description: {
      ru: "Ответы на частые вопросы горожан.",
      en: "Answers to citizens' frequent questions.",
    },
  },
  {
    type: "handbook_article",
    path: "/handbook",
    title: { ru: "Справочник горожанина", en: "Citizen's handbook" },
    description: {
      ru: "Самые нужные сведения: куда обращаться и как получить услугу.",
      en: "The most requested information: where to turn and how to get a service.",
    },
  },
  {
    type: "information_category",
    path: "/info",
    title: { ru: "Информация о деятельности", en: "Information on the administration's work" },
    description: {
      ru: "Сведения о деятельности органов местного самоуправления (Федеральный закон № 8-ФЗ, статья 14).",
      en: "Information on the local government's work (Federal Law No. 8-FZ, article 14).",
    },
  },
];

export function sectionOf(type: PublicationType): Section {
  return SECTIONS.find((section) => section.type === type)!;
}

export function publicationPath(slug: string): string {
  return `/publications/${encodeURIComponent(slug)}`;
}

import type { Executor } from "@otklik/db";
import { Feed } from "feed";
import ical from "ical-generator";
import { publicationPath } from "../publication/create-publication.js";
import { listLivePublications } from "../publication/list-publications.js";
import type { PublicationType } from "../publication/publication-types.js";

/** Where the site lives and what it is called, for absolute links in feeds. */
export interface SiteInfo {
  /** `https://abakan.ru`, without a trailing slash. */
  url: string;
  title: string;
  timeZone: string;
}

const FEED_SIZE = 50;

async function buildFeed(db: Executor, site: SiteInfo, type: PublicationType | undefined): Promise<Feed> {
  const items = await listLivePublications(db, { ...(type ? { type } : {}), limit: FEED_SIZE });
  const base = site.url.replace(/\/$/, "");
  const suffix = type ? `?type=${type}` : "";
  const feed = new Feed({
    id: `${base}/`,
    title: site.title,
    link: `${base}/`,
    language: "ru",
    copyright: site.title,
    generator: "Otklik",
    updated: items[0] ? new Date(items[0].publishedAt) : new Date(0),
    feedLinks: { rss: `${base}/rss.xml${suffix}`, atom: `${base}/atom.xml${suffix}` },
  });
  for (const item of items) {
    const link = `${base}${publicationPath(item.slug)}`;
    feed.addItem({
      id: link,
      guid: item.id,
      title: item.title,
      link,
      date: new Date(item.publishedAt),
      published: new Date(item.firstPublishedAt),
      description: item.summary,
      content: item.bodyHtml,
      category: [{ name: item.type }, ...item.tags.map((tag) => ({ name: tag }))],
      author: [{ name: item.publisher.name }],
    });
  }
  return feed;
}

/** RSS 2.0 of the latest live publications, all or of one type. */
export async function rssFeed(db: Executor, site: SiteInfo, type?: PublicationType): Promise<string> {
  return (await buildFeed(db, site, type)).rss2();
}

/** Atom 1.0 of the latest live publications, all or of one type. */
export async function atomFeed(db: Executor, site: SiteInfo, type?: PublicationType): Promise<string> {
  return (await buildFeed(db, site, type)).atom1();
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[char]!,
  );

/** The sitemap of every live publication (sitemaps.org 0.9). */
export async function sitemapXml(db: Executor, site: SiteInfo): Promise<string> {
  const items = await listLivePublications(db, { limit: 50_000 });
  const base = site.url.replace(/\/$/, "");
  const urls = [
    `  <url><loc>${escapeXml(`${base}/`)}</loc></url>`,
    ...items.map(
      (item) =>
        `  <url><loc>${escapeXml(`${base}${publicationPath(item.slug)}`)}</loc><lastmod>${item.publishedAt}</lastmod></url>`,
    ),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

/** The calendar of public hearings on the site: each discussion period as an event. */
export async function hearingsCalendar(db: Executor, site: SiteInfo): Promise<string> {
  const items = await listLivePublications(db, { type: "hearing", limit: 500 });
  const base = site.url.replace(/\/$/, "");
  const calendar = ical({
    name: `${site.title}: публичные слушания / public hearings`,
    timezone: site.timeZone,
    prodId: { company: "Otklik", product: "hearings", language: "RU" },
  });
  for (const item of items) {
    const fields = item.fields as { opensAt: string; closesAt: string; howToTakePart?: string };
    calendar.createEvent({
      id: `${item.id}@otklik`,
      start: new Date(fields.opensAt),
      end: new Date(fields.closesAt),
      summary: item.title,
      description: [item.summary, fields.howToTakePart ?? ""].filter(Boolean).join("\n\n"),
      url: `${base}${publicationPath(item.slug)}`,
      timezone: site.timeZone,
    });
  }
  return calendar.toString();
}

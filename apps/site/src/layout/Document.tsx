import type { ReactElement, ReactNode } from "react";
import { MESSAGES } from "../i18n/messages.js";
import { tr } from "../i18n/texts.js";
import { MainNavigation } from "./MainNavigation.js";
import type { PageContext } from "./page-context.js";
import { SiteFooter } from "./SiteFooter.js";
import { SiteHeader } from "./SiteHeader.js";
import { STYLESHEET_PATH } from "./styles.js";
import { VisionPanel } from "./VisionPanel.js";

export interface OpenGraph {
  type: "website" | "article";
  image?: { url: string; alt: string } | undefined;
}

export interface DocumentProps {
  page: PageContext;
  title: string;
  description: string;
  /** The page's own address (path and the query that matters); absent for notices that have none. */
  canonicalPath?: string | undefined;
  openGraph?: OpenGraph;
  /** schema.org objects, written as JSON-LD data blocks (not scripts: nothing runs). */
  jsonLd?: object[];
  /** Feeds announced to browsers and readers. */
  feeds?: { href: string; title: string }[];
  /** Extra stylesheets and scripts of an enhanced page (the map); content pages have none. */
  styles?: string[];
  scripts?: string[];
  children: ReactNode;
}

/** `</script>` inside a JSON-LD block would end it: the `<` of every tag is escaped. */
function jsonLdText(value: object): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export function absoluteUrl(page: PageContext, path: string): string {
  return /^https?:\/\//.test(path) ? path : `${page.siteUrl}${path}`;
}

/** The whole HTML document: head, skip link, header, navigation, main content and footer. */
export function Document({
  page,
  title,
  description,
  canonicalPath,
  openGraph = { type: "website" },
  jsonLd = [],
  feeds = [],
  styles = [],
  scripts = [],
  children,
}: DocumentProps): ReactElement {
  const { language, vision } = page.preferences;
  const messages = MESSAGES[language];
  const siteName = page.city ? page.city.name[language] : messages.officialSite;
  const allFeeds = [
    ...feeds,
    { href: "/rss.xml", title: tr(language, { ru: "Все публикации (RSS)", en: "All publications (RSS)" }) },
  ];
  return (
    <html lang={language} data-vision={vision === "off" ? undefined : vision}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        {canonicalPath ? <link rel="canonical" href={absoluteUrl(page, canonicalPath)} /> : null}
        <meta property="og:site_name" content={siteName} />
        <meta property="og:title" content={title} />
        <meta property="og:description" content={description} />
        <meta property="og:type" content={openGraph.type} />
        <meta property="og:locale" content={language === "ru" ? "ru_RU" : "en_GB"} />
        {canonicalPath ? <meta property="og:url" content={absoluteUrl(page, canonicalPath)} /> : null}
        {openGraph.image ? (
          <meta property="og:image" content={absoluteUrl(page, openGraph.image.url)} />
        ) : null}
        {openGraph.image ? <meta property="og:image:alt" content={openGraph.image.alt} /> : null}
        {allFeeds.map((feed) => (
          <link
            key={feed.href}
            rel="alternate"
            type="application/rss+xml"
            href={feed.href}
            title={feed.title}
          />
        ))}
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        {styles.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        {jsonLd.map((item, index) => (
          <script
            key={index}
            type="application/ld+json"
            dangerouslySetInnerHTML={{ __html: jsonLdText(item) }}
          />
        ))}
        {scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </head>
      <body>
        <a className="skip-link" href="#main">
          {messages.skipLink}
        </a>
        {vision === "off" ? null : <VisionPanel page={page} />}
        <SiteHeader page={page} />
        <MainNavigation page={page} />
        <main id="main" tabIndex={-1}>
          <div className="container">
            {page.stale ? (
              <div className="notice stale-notice" role="status" data-testid="stale-notice">
                <p>
                  {tr(language, {
                    ru: "Информация может быть устаревшей: сервер сайта временно недоступен, показана сохранённая копия. Формы сейчас отправить нельзя.",
                    en: "The information may be out of date: the site's server is temporarily unavailable, a saved copy is shown. Forms cannot be sent right now.",
                  })}
                </p>
              </div>
            ) : null}
            {children}
          </div>
        </main>
        <SiteFooter page={page} />
      </body>
    </html>
  );
}

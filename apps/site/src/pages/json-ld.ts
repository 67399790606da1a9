import type { City } from "../api-client/city.js";
import type { PublicPublication } from "../api-client/content.js";
import { publicationPath } from "../content/sections.js";
import { absoluteUrl } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";

/** schema.org GovernmentOrganization: the administration, its address and contacts. */
export function organisationJsonLd(page: PageContext, city: City): object {
  const { language } = page.preferences;
  return {
    "@context": "https://schema.org",
    "@type": "GovernmentOrganization",
    name: city.administration[language],
    url: `${page.siteUrl}/`,
    telephone: city.contacts.phone,
    email: city.contacts.email,
    address: { "@type": "PostalAddress", streetAddress: city.contacts.address[language] },
  };
}

/** schema.org NewsArticle for statements, news and other articles. */
export function articleJsonLd(page: PageContext, item: PublicPublication): object {
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: item.title,
    description: item.summary,
    datePublished: item.firstPublishedAt,
    dateModified: item.publishedAt,
    url: absoluteUrl(page, publicationPath(item.slug)),
    mainEntityOfPage: absoluteUrl(page, publicationPath(item.slug)),
    ...(item.cover ? { image: [absoluteUrl(page, item.cover.url)] } : {}),
    author: { "@type": "GovernmentOrganization", name: item.publisher.name },
    publisher: { "@type": "GovernmentOrganization", name: item.publisher.name },
  };
}

/** schema.org Event for a hearing's period or an announced event. */
export function eventJsonLd(
  page: PageContext,
  item: PublicPublication,
  event: { startDate: string; endDate?: string | undefined; place?: string | undefined },
): object {
  return {
    "@context": "https://schema.org",
    "@type": "Event",
    name: item.title,
    description: item.summary,
    startDate: event.startDate,
    ...(event.endDate ? { endDate: event.endDate } : {}),
    eventStatus: "https://schema.org/EventScheduled",
    url: absoluteUrl(page, publicationPath(item.slug)),
    ...(event.place
      ? {
          eventAttendanceMode: "https://schema.org/OfflineEventAttendanceMode",
          location: { "@type": "Place", name: event.place, address: event.place },
        }
      : {
          eventAttendanceMode: "https://schema.org/OnlineEventAttendanceMode",
          location: { "@type": "VirtualLocation", url: absoluteUrl(page, publicationPath(item.slug)) },
        }),
    organizer: { "@type": "GovernmentOrganization", name: item.publisher.name, url: `${page.siteUrl}/` },
  };
}

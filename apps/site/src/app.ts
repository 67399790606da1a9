import { getConnInfo } from "@hono/node-server/conninfo";
import { forwardToApi } from "@otklik/web-server";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { etag } from "hono/etag";
import type { ReactElement } from "react";
import { createElement } from "react";
import { z } from "zod";
import { ApiCache, PageReads } from "./api-client/api-cache.js";
import {
  ApiNotFoundError,
  ApiRejectedError,
  ApiUnavailableError,
  postForm,
  postJson,
} from "./api-client/api-client.js";
import { CITY_FRESH_MILLISECONDS, CITY_PATH, City } from "./api-client/city.js";
import {
  apiQuery,
  ConsentText,
  HandbookSections,
  HearingComments,
  HearingFields,
  PUBLICATION_TYPES,
  PublicationPage as PublicationPageSchema,
  PublicationType,
  PublicPublication,
  Publishers,
  SearchHits,
} from "./api-client/content.js";
import {
  Open311Requests,
  type Open311Service,
  Open311Services,
  PublicDepartments,
  REPORT_PHOTOS_MAX_TOTAL_BYTES,
  ReportAccepted,
  serviceName,
  TrackedIncident,
} from "./api-client/incidents.js";
import { POS_ORIGIN, POS_WIDGET_SCRIPT_PATH } from "./assets/enhancement-scripts.js";
import { registerStaticAssets } from "./assets/static-assets.js";
import { publicationPath, SECTIONS, type Section } from "./content/sections.js";
import { commentBody, commentValues, validateComment } from "./forms/comment-form.js";
import {
  errorsFromApi,
  reportBody,
  reportForm as reportFormBody,
  reportPhotos,
  reportValues,
  validateReport,
} from "./forms/report-form.js";
import { newSubmissionId, SubmissionLedger } from "./forms/submissions.js";
import { tr } from "./i18n/texts.js";
import type { PageContext } from "./layout/page-context.js";
import { AppealsPage } from "./pages/AppealsNotice.js";
import { BadRequestPage } from "./pages/BadRequestPage.js";
import { ContactsPage } from "./pages/ContactsPage.js";
import { DepartmentsPage } from "./pages/DepartmentsPage.js";
import { HandbookPage } from "./pages/HandbookPage.js";
import { HomePage } from "./pages/HomePage.js";
import { InformationPage } from "./pages/InformationPage.js";
import { NotFoundPage } from "./pages/NotFoundPage.js";
import { PressPage } from "./pages/PressPage.js";
import { bilingualPart } from "./pages/ProblemList.js";
import { FixedPage, MapPage } from "./pages/ProblemsPages.js";
import { PublicationListPage } from "./pages/PublicationListPage.js";
import {
  type CommentValues,
  EMPTY_COMMENT,
  type HearingView,
  hearingPhase,
  PublicationPage,
} from "./pages/PublicationPage.js";
import { REPORT_FIELD_IDS, ReportPage, type ReportValues } from "./pages/ReportPage.js";
import { SearchPage } from "./pages/SearchPage.js";
import { ServerErrorPage } from "./pages/ServerErrorPage.js";
import { TrackPage } from "./pages/TrackPage.js";
import { UnavailablePage } from "./pages/UnavailablePage.js";
import { readPreferences } from "./preferences/preferences.js";
import { registerPreferenceRoutes } from "./preferences/routes.js";
import { renderPage } from "./render/render-page.js";
import { contentSecurityPolicy, markPage, pageHeaders } from "./server/page-headers.js";
import { renderedPages } from "./server/rendered-pages.js";

export interface SiteOptions {
  /** Where the API listens, e.g. `http://localhost:8787`. */
  apiUrl: string;
  /** Injected in tests; the global `fetch` otherwise. Used for the API calls and for forwarding. */
  fetch?: typeof fetch;
  /** The city's zone until the API tells its own; default Asia/Krasnoyarsk. */
  timeZone?: string;
  /** How long to wait for the API before showing the "temporarily unavailable" notice. */
  apiTimeoutMs?: number;
  /** How long the API's answers are reused without asking again; default 15 s. 0 asks every time. */
  apiCacheMilliseconds?: number;
  /** How long the city's profile is reused; default one minute. */
  cityCacheMilliseconds?: number;
  /** How long a saved answer may still be shown while the API is down; default 24 hours. */
  staleMilliseconds?: number;
  /** The clock shown in the footer and used for hearings' periods; injected in tests. */
  now?: () => Date;
  /** The site's public address, for canonical links and Open Graph. */
  siteUrl?: string;
  /** The administration's internet reception for formal appeals under 59-FZ. */
  receptionUrl?: string;
  /** The map's tile server (`{z}/{x}/{y}` template) and its attribution. */
  mapTileUrl?: string;
  mapAttribution?: string;
  /** The Gosuslugi feedback platform (ПОС) widget: shown on the report and contacts pages only when set. */
  posWidget?: { widgetId: number; linkUrl?: string };
}

type PageFactory = (page: PageContext) => ReactElement;
type SiteContext = Context;
type Status = 200 | 400 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/** Empty form and query values count as absent. */
const optional = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const ListQuery = z.object({
  publisher: optional(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)),
  tag: optional(z.string().trim().min(1).max(60)),
  cursor: optional(z.string().regex(/^[A-Za-z0-9_=-]{1,512}$/)),
});
const SearchInput = z.object({
  q: optional(z.string().trim().max(200)),
  type: optional(PublicationType),
  exact: optional(z.literal("1")),
});
const Slug = z.string().min(1).max(200);
const Token = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const FeedQuery = z.object({ type: optional(z.enum(PUBLICATION_TYPES)) });

const BAD_LIST_QUERY = {
  ru: "В адресе неверный фильтр или номер страницы. Откройте список без условий и выберите их заново.",
  en: "The address has an invalid filter or page marker. Open the list without conditions and choose them again.",
};

/** The citizen's address, passed on so the API's consent records and rate limits see the person, not the site. */
function peerAddress(c: SiteContext): string {
  let peer = "127.0.0.1";
  try {
    peer = getConnInfo(c).remote.address ?? peer;
  } catch {
    // In-process requests (tests) have no socket.
  }
  const earlier = c.req.header("x-forwarded-for");
  return earlier ? `${earlier}, ${peer}` : peer;
}

/** Builds the public site as a Hono app, without starting a server: tests call `app.request()`. */
export function createSiteApp(options: SiteOptions): Hono {
  const app = new Hono();
  const now = options.now ?? (() => new Date());
  const fallbackTimeZone = options.timeZone ?? "Asia/Krasnoyarsk";
  const siteUrl = (options.siteUrl ?? "http://localhost:3000").replace(/\/+$/, "");
  const receptionUrl = options.receptionUrl ?? "https://www.gosuslugi.ru/help/obratitsya_v_gosorgany";
  const tileUrl = options.mapTileUrl ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  const client = {
    apiUrl: options.apiUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.apiTimeoutMs ? { timeoutMs: options.apiTimeoutMs } : {}),
  };
  const cache = new ApiCache({
    ...client,
    ...(options.apiCacheMilliseconds === undefined
      ? {}
      : { freshMilliseconds: options.apiCacheMilliseconds }),
    ...(options.staleMilliseconds === undefined ? {} : { staleMilliseconds: options.staleMilliseconds }),
  });
  const cityFresh = options.cityCacheMilliseconds ?? CITY_FRESH_MILLISECONDS;
  const reports = new SubmissionLedger<ReportAccepted>();

  const pos = options.posWidget
    ? {
        widgetId: options.posWidget.widgetId,
        linkUrl: options.posWidget.linkUrl ?? "https://pos.gosuslugi.ru/landing/",
        startScriptPath: POS_WIDGET_SCRIPT_PATH,
      }
    : undefined;
  /** The policy of a page that may carry the ПОС widget (and, on the form, photo previews). */
  const enhancedPolicy = (extra: { photos?: boolean } = {}) =>
    contentSecurityPolicy({
      ...(extra.photos ? { scripts: true, blobImages: true } : {}),
      ...(pos ? { thirdParty: [POS_ORIGIN] } : {}),
    });

  const pageContext = (c: SiteContext, city: City | undefined, stale: boolean): PageContext => {
    const url = new URL(c.req.url);
    return {
      preferences: readPreferences(c),
      currentPath: `${url.pathname}${url.search}`,
      city,
      timeZone: city?.timeZone ?? fallbackTimeZone,
      now: now(),
      stale,
      siteUrl,
      receptionUrl,
      pos,
    };
  };
  /** The city for the frame: a page can do without it (the API may be down). */
  const frameCity = (reads: PageReads): Promise<City | undefined> =>
    reads.json(CITY_PATH, City, { freshMilliseconds: cityFresh }).catch((error: unknown) => {
      if (error instanceof ApiUnavailableError) return undefined;
      throw error;
    });
  const respond = async (c: SiteContext, reads: PageReads, factory: PageFactory, status: Status = 200) => {
    const city = await frameCity(reads);
    if (reads.stale) markPage(c, { stale: true });
    return c.html(renderPage(factory(pageContext(c, city, reads.stale))), status);
  };

  // Registered first: a forwarded answer is the API's own, with its own headers.
  app.all(
    "/api/*",
    forwardToApi({ apiUrl: options.apiUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  );

  app.use("*", compress());
  app.use("*", etag({ weak: true }));
  app.use("*", pageHeaders());
  app.use("*", renderedPages({ freshMilliseconds: Math.min(cache.fresh, cityFresh) }));
  const assets = registerStaticAssets(app);
  registerPreferenceRoutes(app);

  // Home
  app.get("/", async (c) => {
    const reads = new PageReads(cache);
    const [city, statements, news, hearings, fixed, sections] = await Promise.all([
      reads.json(CITY_PATH, City, { freshMilliseconds: cityFresh }),
      reads.optional(
        `/api/v1/public/publications${apiQuery({ type: "official_statement", limit: 3 })}`,
        PublicationPageSchema,
        { items: [], nextCursor: null },
      ),
      reads.optional(
        `/api/v1/public/publications${apiQuery({ type: "news", limit: 4 })}`,
        PublicationPageSchema,
        { items: [], nextCursor: null },
      ),
      reads.optional(
        `/api/v1/public/publications${apiQuery({ type: "hearing", limit: 20 })}`,
        PublicationPageSchema,
        { items: [], nextCursor: null },
      ),
      reads.optional("/open311/v2/requests.json?status=closed", Open311Requests, []),
      reads.optional("/api/v1/handbook/sections", HandbookSections, { items: [] }),
    ]);
    const current = now();
    const upcoming = hearings.items
      .filter((item) => {
        const fields = HearingFields.safeParse(item.fields);
        return fields.success && new Date(fields.data.closesAt) > current;
      })
      .slice(0, 3);
    return respond(c, reads, (page) =>
      createElement(HomePage, {
        page,
        data: {
          city,
          statements: statements.items,
          news: news.items,
          hearings: upcoming,
          fixed: fixed.slice(0, 5),
          handbookSections: sections.items,
        },
      }),
    );
  });

  // Lists of each type (the handbook and 8-FZ information have their own pages)
  const listPage = (section: Section) => async (c: SiteContext) => {
    const reads = new PageReads(cache);
    const query = ListQuery.safeParse(c.req.query());
    if (!query.success)
      return respond(
        c,
        reads,
        (page) => createElement(BadRequestPage, { page, problem: BAD_LIST_QUERY }),
        400,
      );
    const filters = query.data;
    const [list, publishers] = await Promise.all([
      reads.json(
        `/api/v1/public/publications${apiQuery({ type: section.type, limit: 12, publisherId: filters.publisher, tag: filters.tag, cursor: filters.cursor })}`,
        PublicationPageSchema,
      ),
      reads.optional("/api/v1/publishers", Publishers, { items: [] }),
    ]);
    return respond(c, reads, (page) =>
      createElement(PublicationListPage, {
        page,
        section,
        items: list.items,
        nextCursor: list.nextCursor,
        publishers: publishers.items,
        filters,
      }),
    );
  };
  for (const section of SECTIONS)
    if (section.type !== "handbook_article" && section.type !== "information_category")
      app.get(section.path, listPage(section));

  app.get("/handbook", async (c) => {
    const reads = new PageReads(cache);
    const [sections, articles] = await Promise.all([
      reads.json("/api/v1/handbook/sections", HandbookSections),
      reads.json(
        `/api/v1/public/publications${apiQuery({ type: "handbook_article", limit: 100 })}`,
        PublicationPageSchema,
      ),
    ]);
    return respond(c, reads, (page) =>
      createElement(HandbookPage, { page, sections: sections.items, articles: articles.items }),
    );
  });

  app.get("/info", async (c) => {
    const reads = new PageReads(cache);
    const items = await reads.json(
      `/api/v1/public/publications${apiQuery({ type: "information_category", limit: 100 })}`,
      PublicationPageSchema,
    );
    return respond(c, reads, (page) => createElement(InformationPage, { page, items: items.items }));
  });

  app.get("/search", async (c) => {
    const reads = new PageReads(cache);
    const input = SearchInput.safeParse(c.req.query());
    if (!input.success) {
      const language = readPreferences(c).language;
      return respond(
        c,
        reads,
        (page) =>
          createElement(SearchPage, {
            page,
            q: "",
            type: undefined,
            hits: undefined,
            error: tr(language, {
              ru: "Запрос — не длиннее 200 знаков, раздел — из списка",
              en: "The query must be at most 200 characters and the section one of the list",
            }),
          }),
        400,
      );
    }
    const { q, type } = input.data;
    const exact = input.data.exact === "1";
    // `exact` asks the API for the words as written; an API that corrects them all the same is
    // answered from what a correction means: those words are on no publication of the site.
    const answer = q
      ? await reads.json(
          `/api/v1/search${apiQuery({ q, type, limit: 30, ...(exact ? { exact: "true" } : {}) })}`,
          SearchHits,
        )
      : undefined;
    const correctedQuery = answer?.correctedQuery ?? null;
    const hits = answer && exact && correctedQuery ? [] : answer?.items;
    return respond(c, reads, (page) =>
      createElement(SearchPage, { page, q: q ?? "", type, hits, correctedQuery, exact }),
    );
  });

  // One publication, and a hearing's comment form
  const hearingView = async (
    reads: PageReads,
    item: PublicPublication,
    extra: Partial<HearingView> = {},
  ): Promise<HearingView | undefined> => {
    if (item.type !== "hearing") return undefined;
    const fields = HearingFields.safeParse(item.fields);
    if (!fields.success) return undefined;
    const [comments, consent] = await Promise.all([
      reads.optional(
        `/api/v1/public/publications/${encodeURIComponent(item.slug)}/comments`,
        HearingComments,
        { items: [] },
      ),
      reads.optional("/api/v1/consent-texts/hearing-comment", ConsentText.optional(), undefined),
    ]);
    return {
      fields: fields.data,
      comments: comments.items,
      consent,
      form: undefined,
      sent: false,
      unavailable: false,
      ...extra,
    };
  };

  app.get("/publications/:slug", async (c) => {
    const reads = new PageReads(cache);
    const slug = Slug.safeParse(c.req.param("slug"));
    if (!slug.success) return c.notFound();
    const item = await reads.json(
      `/api/v1/public/publications/${encodeURIComponent(slug.data)}`,
      PublicPublication,
    );
    if (item.slug !== slug.data) return c.redirect(publicationPath(item.slug), 301);
    const sent = c.req.query("comment") === "sent";
    if (sent) markPage(c, { private: true });
    const hearing = await hearingView(reads, item, { sent });
    return respond(c, reads, (page) => createElement(PublicationPage, { page, item, hearing }));
  });

  app.post("/publications/:slug/comments", async (c) => {
    markPage(c, { private: true });
    const reads = new PageReads(cache);
    const slug = Slug.safeParse(c.req.param("slug"));
    if (!slug.success) return c.notFound();
    const language = readPreferences(c).language;
    const body = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
    const values = commentValues(body);
    const item = await reads.json(
      `/api/v1/public/publications/${encodeURIComponent(slug.data)}`,
      PublicPublication,
    );
    const base = await hearingView(reads, item);
    if (!base) return c.notFound();
    const show = (errors: Record<string, string>, status: Status, unavailable = false) =>
      respond(
        c,
        reads,
        (page) =>
          createElement(PublicationPage, {
            page,
            item,
            hearing: { ...base, form: { values, errors }, unavailable },
          }),
        status,
      );
    if (hearingPhase(base.fields, now()) !== "open")
      return show(
        {
          form: tr(language, {
            ru: "Приём замечаний по этому проекту не идёт",
            en: "This draft is not open for comments",
          }),
        },
        409,
      );
    const errors = validateComment(values, base.fields.draftParagraphs.length, language);
    if (Object.keys(errors).length > 0) return show(errors, 422);
    const consentTextId =
      typeof body.consentTextId === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(body.consentTextId)
        ? body.consentTextId
        : base.consent?.id;
    if (!consentTextId) return show({}, 503, true);
    try {
      await postJson(
        { ...client, forwardedFor: peerAddress(c) },
        `/api/v1/public/publications/${encodeURIComponent(item.slug)}/comments`,
        commentBody(values, consentTextId),
        z.object({ id: z.string() }),
      );
    } catch (error) {
      if (error instanceof ApiUnavailableError) return show({}, 503, true);
      if (error instanceof ApiRejectedError) {
        const status = error.status === 409 || error.status === 429 ? error.status : 422;
        return show(
          errorsFromApi(error.details, error.message, language, [
            "paragraph",
            "text",
            "name",
            "email",
            "consent",
          ]),
          status,
        );
      }
      throw error;
    }
    return c.redirect(`${publicationPath(item.slug)}?comment=sent#comment-form`, 303);
  });

  // Press centre, contacts, 59-FZ
  app.get("/press", async (c) => {
    const reads = new PageReads(cache);
    const [city, releases] = await Promise.all([
      reads.json(CITY_PATH, City, { freshMilliseconds: cityFresh }),
      reads.optional(
        `/api/v1/public/publications${apiQuery({ type: "official_statement", limit: 6 })}`,
        PublicationPageSchema,
        { items: [], nextCursor: null },
      ),
    ]);
    return respond(c, reads, (page) => createElement(PressPage, { page, city, releases: releases.items }));
  });
  app.get("/departments", async (c) => {
    const reads = new PageReads(cache);
    const departments = await reads.json("/api/v1/public/departments", PublicDepartments);
    c.header("Content-Security-Policy", enhancedPolicy());
    return respond(c, reads, (page) =>
      createElement(DepartmentsPage, { page, departments: departments.items }),
    );
  });
  app.get("/contacts", async (c) => {
    c.header("Content-Security-Policy", enhancedPolicy());
    const reads = new PageReads(cache);
    const [city, publishers] = await Promise.all([
      reads.json(CITY_PATH, City, { freshMilliseconds: cityFresh }),
      reads.optional("/api/v1/publishers", Publishers, { items: [] }),
    ]);
    return respond(c, reads, (page) =>
      createElement(ContactsPage, { page, city, publishers: publishers.items }),
    );
  });
  app.get("/appeals", (c) =>
    respond(c, new PageReads(cache), (page) => createElement(AppealsPage, { page })),
  );

  // Report a problem (Post/Redirect/Get) and follow it
  const reportForm = async (reads: PageReads) =>
    Promise.all([
      reads.optional("/open311/v2/services.json", Open311Services, []),
      reads.optional("/api/v1/consent-texts/incident-report", ConsentText.optional(), undefined),
    ]);
  const emptyReport = (): ReportValues => ({
    category: "",
    description: "",
    address: "",
    name: "",
    email: "",
    phone: "",
    consent: false,
    photoCount: 0,
    submission: newSubmissionId(),
  });
  const reportPage = (
    page: PageContext,
    services: Open311Service[],
    consent: ConsentText | undefined,
    form: { values: ReportValues; errors: Record<string, string> },
    unavailable: boolean,
  ) =>
    createElement(ReportPage, {
      page,
      services,
      consent,
      form,
      unavailable,
      photoPreviewScriptPath: assets.photoPreviewScriptPath,
    });

  app.get("/report", async (c) => {
    markPage(c, { private: true });
    c.header("Content-Security-Policy", enhancedPolicy({ photos: true }));
    const reads = new PageReads(cache);
    const [services, consent] = await reportForm(reads);
    return respond(c, reads, (page) =>
      reportPage(page, services, consent, { values: emptyReport(), errors: {} }, services.length === 0),
    );
  });

  // All the photos at their largest, plus the text: past that the body is not read (the text is lost too).
  const reportBodyLimit = bodyLimit({
    maxSize: REPORT_PHOTOS_MAX_TOTAL_BYTES + 1024 * 1024,
    onError: async (c) => {
      markPage(c, { private: true });
      c.header("Content-Security-Policy", enhancedPolicy({ photos: true }));
      const reads = new PageReads(cache);
      const [services, consent] = await reportForm(reads);
      const language = readPreferences(c).language;
      const limit = Math.round(REPORT_PHOTOS_MAX_TOTAL_BYTES / (1024 * 1024));
      const errors = {
        photos: tr(language, {
          ru: `Фото вместе больше ${limit} МБ, и сообщение не было принято целиком — введённый текст не сохранился. Заполните форму ещё раз и выберите меньше фото или фото поменьше.`,
          en: `The photos together exceed ${limit} MB, so the report was not taken in — the text you typed was not kept. Please fill in the form again with fewer or smaller photos.`,
        }),
      };
      return respond(
        c,
        reads,
        (page) => reportPage(page, services, consent, { values: emptyReport(), errors }, false),
        413,
      );
    },
  });

  app.post("/report", reportBodyLimit, async (c) => {
    markPage(c, { private: true });
    c.header("Content-Security-Policy", enhancedPolicy({ photos: true }));
    const reads = new PageReads(cache);
    const language = readPreferences(c).language;
    const body = (await c.req.parseBody({ all: true }).catch(() => ({}))) as Record<string, unknown>;
    const values = reportValues(body);
    const photos = reportPhotos(body);
    const [services, consent] = await reportForm(reads);
    const show = (errors: Record<string, string>, status: Status, unavailable = false) =>
      respond(
        c,
        reads,
        (page) => reportPage(page, services, consent, { values, errors }, unavailable),
        status,
      );
    if (services.length === 0 || !consent) return show({}, 503, true);
    const errors = validateReport(
      values,
      services.map((service) => service.service_code),
      language,
      photos,
    );
    if (Object.keys(errors).length > 0) return show(errors, 422);
    const shownVersion = Number(body.consentTextVersion);
    const version = Number.isInteger(shownVersion) && shownVersion > 0 ? shownVersion : consent.version;
    try {
      const sender = { ...client, forwardedFor: peerAddress(c) };
      const accepted = await reports.once(values.submission, () =>
        photos.length > 0
          ? // Photos take longer: the upload and the API's re-encoding of each.
            postForm(
              { ...sender, timeoutMs: Math.max(client.timeoutMs ?? 5000, 60_000) },
              "/api/v1/reports",
              reportFormBody(values, version, photos),
              ReportAccepted,
            )
          : postJson(sender, "/api/v1/reports", reportBody(values, version), ReportAccepted),
      );
      return c.redirect(`/track/${encodeURIComponent(accepted.trackingToken)}?new=1`, 303);
    } catch (error) {
      if (error instanceof ApiUnavailableError) return show({}, 503, true);
      if (error instanceof ApiRejectedError) {
        const fields = Object.keys(REPORT_FIELD_IDS);
        const apiErrors = errorsFromApi(error.details, error.message, language, fields);
        if (error.details.some((problem) => problem.path[0] === "consent")) {
          cache.forget("/api/v1/consent-texts/incident-report");
          apiErrors.consent = bilingualPart(error.message, language);
          delete apiErrors.form;
        }
        const status =
          error.status === 429 || error.status === 413 || error.status === 415 ? error.status : 422;
        return show(apiErrors, status);
      }
      throw error;
    }
  });

  app.get("/track/:token", async (c) => {
    markPage(c, { private: true });
    const reads = new PageReads(cache);
    const token = Token.safeParse(c.req.param("token"));
    if (!token.success) return c.notFound();
    const [incident, services] = await Promise.all([
      reads.json(`/api/v1/track/${token.data}`, TrackedIncident, { freshMilliseconds: 0 }),
      reads.optional("/open311/v2/services.json", Open311Services, []),
    ]);
    const language = readPreferences(c).language;
    const service = services.find((item) => item.service_code === incident.category);
    return respond(c, reads, (page) =>
      createElement(TrackPage, {
        page,
        incident,
        justSent: c.req.query("new") === "1",
        categoryName: service ? serviceName(service, language) : incident.category,
      }),
    );
  });

  app.get("/fixed", async (c) => {
    const reads = new PageReads(cache);
    const problems = await reads.json("/open311/v2/requests.json?status=closed", Open311Requests);
    return respond(c, reads, (page) => createElement(FixedPage, { page, problems }));
  });

  app.get("/map", async (c) => {
    const reads = new PageReads(cache);
    const problems = await reads.json("/open311/v2/requests.json", Open311Requests);
    const tileOrigin = new URL(tileUrl.replace(/\{[a-z]\}/g, "0")).origin;
    c.header("Content-Security-Policy", contentSecurityPolicy({ scripts: true, imageOrigins: [tileOrigin] }));
    return respond(c, reads, (page) =>
      createElement(MapPage, {
        page,
        problems,
        map: {
          tileUrl,
          attribution: options.mapAttribution ?? "© OpenStreetMap contributors",
          scriptPath: assets.mapScriptPath,
          leafletScriptPath: assets.leafletScriptPath,
          leafletStylePath: assets.leafletStylePath,
        },
      }),
    );
  });

  // Feeds and the sitemap, from the API (kept like every other answer, for when the API is down)
  const feed = (apiPath: string) => async (c: SiteContext) => {
    const query = FeedQuery.safeParse(c.req.query());
    if (!query.success) return c.text("Неизвестный тип публикации / Unknown publication type", 400);
    const answer = await cache.text(`${apiPath}${apiQuery({ type: query.data.type })}`);
    return c.body(answer.value.body, 200, {
      "Content-Type": answer.value.contentType,
      "Cache-Control": answer.stale
        ? "no-cache"
        : "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400",
    });
  };
  app.get("/rss.xml", feed("/api/v1/feeds/rss.xml"));
  app.get("/atom.xml", feed("/api/v1/feeds/atom.xml"));
  app.get("/sitemap.xml", async (c) => {
    const answer = await cache.text("/api/v1/feeds/sitemap.xml");
    const pages = [
      "/search",
      "/report",
      "/map",
      "/fixed",
      "/press",
      "/contacts",
      "/departments",
      "/appeals",
      ...SECTIONS.map((section) => section.path),
    ];
    const extra = pages.map((path) => `  <url><loc>${siteUrl}${path}</loc></url>`).join("\n");
    const body = answer.value.body.includes("</urlset>")
      ? answer.value.body.replace("</urlset>", `${extra}\n</urlset>`)
      : answer.value.body;
    return c.body(body, 200, {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": answer.stale ? "no-cache" : "public, max-age=300, stale-if-error=86400",
    });
  });

  app.notFound(async (c) => {
    // The frame shows the city's name when the API answers; a 404 must not depend on it.
    return respond(c, new PageReads(cache), (page) => createElement(NotFoundPage, { page }), 404);
  });

  app.onError(async (error, c) => {
    if (error instanceof ApiNotFoundError)
      return respond(c, new PageReads(cache), (page) => createElement(NotFoundPage, { page }), 404);
    if (error instanceof ApiUnavailableError) {
      console.warn(`API unavailable: ${error.message}`);
      c.header("Retry-After", "30");
      return c.html(
        renderPage(createElement(UnavailablePage, { page: pageContext(c, undefined, false) })),
        503,
      );
    }
    console.error("site error", error);
    return c.html(
      renderPage(createElement(ServerErrorPage, { page: pageContext(c, undefined, false) })),
      500,
    );
  });

  return app;
}

export type { CommentValues };
export { EMPTY_COMMENT };

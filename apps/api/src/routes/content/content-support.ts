import { z } from "@hono/zod-openapi";
import type { ContentContext, ContentJobs, SiteInfo } from "@otklik/content";
import { systemClock } from "@otklik/core";
import type { Context } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";

/** What content's routes need beyond the app's dependencies. */
export interface ContentRouteSettings {
  /** The public site's address and name, for feeds, the sitemap and social posts' links. */
  siteUrl: string;
  siteTitle: string;
  /** The jobs runner when it runs in this process: scheduled work is queued with the change. */
  jobs?: ContentJobs;
}

export const DEFAULT_CONTENT_SETTINGS: ContentRouteSettings = {
  siteUrl: "http://localhost:3000",
  siteTitle: "Администрация города Абакана",
};

/** A content verb's context for this request. */
export function contentContext(
  c: Context<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ContentRouteSettings,
): ContentContext {
  return { db: deps.db, clock: deps.clock ?? systemClock, actor: c.get("actor"), jobs: settings.jobs };
}

export function siteInfo(deps: ApiDependencies, settings: ContentRouteSettings): SiteInfo {
  return { url: settings.siteUrl, title: settings.siteTitle, timeZone: deps.settings.timeZone };
}

/** The JSON body as sent: content's verbs validate it themselves (its schemas turn strings into dates). */
export async function rawBody(c: Context<ApiEnvironment>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return {};
  }
}

export const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });

export const PublicationIdParameter = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "pub_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
});

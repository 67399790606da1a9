import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { type ContentRouteSettings, DEFAULT_CONTENT_SETTINGS } from "./content-support.js";
import { registerExplanatoryRoutes } from "./explanatory.js";
import { registerHearingRoutes } from "./hearings.js";
import { registerMediaRoutes } from "./media.js";
import { registerNewsroomRoutes } from "./newsroom.js";
import { registerPublicContentRoutes } from "./public.js";
import { registerPublicationRoutes } from "./publications.js";

export { type ContentRouteSettings, DEFAULT_CONTENT_SETTINGS } from "./content-support.js";
export { contentSubscriptions } from "./subscriptions.js";

/** The routes of @otklik/content: the newsroom, hearings, the handbook, the site's reads, search and feeds. */
export function registerContentRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ContentRouteSettings = DEFAULT_CONTENT_SETTINGS,
): void {
  // Before the publication routes: `/publications/preview` and `/hearing-comments/pending` are literal paths.
  registerNewsroomRoutes(app, deps, settings);
  registerPublicationRoutes(app, deps, settings);
  registerHearingRoutes(app, deps, settings);
  registerPublicContentRoutes(app, deps, settings);
  registerMediaRoutes(app, deps, settings);
  registerExplanatoryRoutes(app, deps, settings);
}

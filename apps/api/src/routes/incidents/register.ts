import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { registerOpen311Routes } from "../open311/register.js";
import { registerDepartmentRequestRoutes } from "./department-requests.js";
import { registerDeskRoutes } from "./desk.js";
import { registerEvidenceRoutes } from "./evidence.js";
import { registerInboxRoutes } from "./inbox.js";
import { DEMO_INCIDENT_SETTINGS, type IncidentRouteSettings } from "./incident-support.js";
import { registerIntakeRoutes } from "./intake.js";
import { registerReportRoutes } from "./reports.js";
import { registerTrackingRoutes } from "./tracking.js";

export { DEMO_INCIDENT_SETTINGS, type IncidentRouteSettings } from "./incident-support.js";

/** The routes of @otklik/incidents: intake webhooks, the desk, the inbox, public tracking, site reports, Open311. */
export function registerIncidentRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings = DEMO_INCIDENT_SETTINGS,
): void {
  registerIntakeRoutes(app, deps, settings);
  registerEvidenceRoutes(app, deps, settings);
  // `stats` before `{id}`, so the literal path wins.
  registerDeskRoutes(app, deps, settings);
  registerDepartmentRequestRoutes(app, deps, settings);
  registerInboxRoutes(app, deps, settings);
  registerTrackingRoutes(app, deps);
  registerReportRoutes(app, deps, settings);
  // Open311 GeoReport v2 at /open311/v2/: its own specification, outside /api/v1 and the OpenAPI document.
  registerOpen311Routes(app, deps, settings);
}

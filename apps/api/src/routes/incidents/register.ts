import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { registerOpen311Routes } from "../open311/register.js";
import { registerAddressRegisterRoutes } from "./address-register.js";
import { registerDepartmentRequestRoutes } from "./department-requests.js";
import { registerDeskRoutes } from "./desk.js";
import { registerEvidenceRoutes } from "./evidence.js";
import { registerInboxRoutes } from "./inbox.js";
import { DEMO_INCIDENT_SETTINGS, type IncidentRouteSettings } from "./incident-support.js";
import { registerIntakeRoutes } from "./intake.js";
import { registerLiveEventRoutes } from "./live-events.js";
import { registerReportRoutes } from "./reports.js";
import { registerRoutingSettingsRoutes } from "./routing-settings.js";
import { registerSlaSettingsRoutes, withSlaSettings } from "./sla-settings.js";
import { registerTrackingRoutes } from "./tracking.js";

export { DEMO_INCIDENT_SETTINGS, type IncidentRouteSettings } from "./incident-support.js";

/** The routes of @otklik/incidents: intake webhooks, the desk, the inbox, public tracking, site reports, Open311. */
export function registerIncidentRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  given: IncidentRouteSettings = DEMO_INCIDENT_SETTINGS,
): void {
  // First: the SLA settings administrators keep, which every desk route below measures deadlines with.
  const settings = withSlaSettings(app, deps, given);
  registerSlaSettingsRoutes(app, deps, settings.slaStore);
  registerIntakeRoutes(app, deps, settings);
  registerEvidenceRoutes(app, deps, settings);
  // `events` and `stats` before `{id}`, so the literal paths win.
  registerLiveEventRoutes(app, deps, settings);
  registerDeskRoutes(app, deps, settings);
  registerDepartmentRequestRoutes(app, deps, settings);
  registerInboxRoutes(app, deps, settings);
  registerTrackingRoutes(app, deps);
  registerReportRoutes(app, deps, settings);
  // Settings for administrators: categories and routing, the address register.
  registerRoutingSettingsRoutes(app, deps);
  registerAddressRegisterRoutes(app, deps);
  // Open311 GeoReport v2 at /open311/v2/: its own specification, outside /api/v1 and the OpenAPI document.
  registerOpen311Routes(app, deps, settings);
}

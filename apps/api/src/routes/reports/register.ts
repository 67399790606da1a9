import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Jobs } from "@otklik/db";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { registerDashboardRoutes } from "./dashboards.js";
import { registerReportRoutes } from "./reports.js";

export { reportMigrations, startReportWorkers } from "./report-runs.js";

/** The dashboards' series (`/api/v1/dashboards/…`) and the yearly and monthly reports (`/api/v1/reports/…`). */
export function registerReportingRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: { jobs?: Jobs | undefined } = {},
): void {
  registerDashboardRoutes(app, deps);
  registerReportRoutes(app, deps, settings);
}

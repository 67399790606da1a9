import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { registerAuditRoutes } from "./audit.js";
import { registerAuthRoutes } from "./auth.js";
import { registerOrganisationRoutes } from "./organisation.js";
import { registerPasswordResetRoutes } from "./password-reset.js";
import { registerPersonalDataRoutes } from "./personal-data.js";
import { identityRouteSettings } from "./route-support.js";
import { registerSecondFactorRoutes } from "./second-factor.js";
import { registerTokenRoutes } from "./tokens.js";
import { registerUserRoutes } from "./users.js";

export { SIGN_IN_PATH } from "./auth.js";

/** Sign-in, people, organisation, tokens, audit and personal data: the routes of @otklik/identity. */
export function registerIdentityRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  const settings = identityRouteSettings(deps);
  registerAuthRoutes(app, deps, settings);
  registerSecondFactorRoutes(app, deps, settings);
  registerPasswordResetRoutes(app, deps, settings);
  registerUserRoutes(app, deps, settings);
  registerOrganisationRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerPersonalDataRoutes(app, deps, settings);
}

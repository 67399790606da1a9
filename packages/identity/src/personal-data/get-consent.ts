import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import type { Consent } from "./consent.js";
import { loadConsent, toConsent } from "./consent-record.js";

/**
 * One consent record by id (`consent:read`): for a package that keeps a consent's id to reach the
 * person through the contacts in it (the incident desk e-mails a site reporter) — and must stop when
 * `withdrawnAt` or `anonymisedAt` is set. An unknown id is «not found».
 */
export async function getConsent(context: ServiceContext, id: string): Promise<Consent> {
  requirePermission(context.actor, "consent:read");
  return toConsent(await loadConsent(context.db, id));
}

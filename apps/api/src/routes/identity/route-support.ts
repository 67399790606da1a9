import { z } from "@hono/zod-openapi";
import { systemClock } from "@otklik/core";
import {
  consentPersonalData,
  createPersonalDataRegistry,
  identitySettings,
  type ServiceContext,
} from "@otklik/identity";
import type { Context } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";

type Security = Record<string, string[]>[];

/** Operations for signed-in staff only. */
export const SESSION: Security = [{ session: [] }];
/** Operations for staff and for integrations with a suitable token scope. */
export const SESSION_OR_TOKEN: Security = [{ session: [] }, { apiToken: [] }];
/** Public operations. */
export const PUBLIC: Security = [];

/** The `{id}` of a path. */
export const IdParameter = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "usr_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
});

/** A service verb's context for this request: the database, the clock and who acts. */
export function serviceContext(c: Context<ApiEnvironment>, deps: ApiDependencies): ServiceContext {
  return { db: deps.db, clock: deps.clock ?? systemClock, actor: c.get("actor") };
}

/** What identity's routes need beyond the app's dependencies, with defaults filled in. */
export interface IdentityRouteSettings {
  identity: NonNullable<ApiDependencies["identity"]>;
  personalData: NonNullable<ApiDependencies["personalData"]>;
}

/** Fills identity's defaults: production hashing, no mail, a registry holding the consent ledger. */
export function identityRouteSettings(deps: ApiDependencies): IdentityRouteSettings {
  let personalData = deps.personalData;
  if (!personalData) {
    personalData = createPersonalDataRegistry();
    personalData.register(consentPersonalData);
  }
  return { identity: deps.identity ?? identitySettings(), personalData };
}

/**
 * Names a schema of a domain package for the OpenAPI document (a component) or
 * adds metadata (`{ param }`). zod 4 copies prototype methods into each schema
 * when it is made, so a schema made before `@hono/zod-openapi` was loaded has no
 * `.openapi()`; a copy made now has.
 */
export function documented<Schema extends z.ZodType>(
  schema: Schema,
  nameOrMetadata: string | Record<string, unknown>,
): Schema {
  const copy = new (schema.constructor as new (definition: unknown) => Schema)(schema._zod.def);
  return (copy.openapi as (argument: unknown) => Schema)(nameOrMetadata);
}

import type { z } from "zod";

/**
 * A kind of event a package announces: a name unique across Otklik (`"incidents.sla_warning_due"`)
 * and the zod schema of its payload. Payloads travel as JSON, so describe instants as ISO strings
 * (`IsoInstant` from `@otklik/core`) rather than `Date`s.
 */
export interface EventDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly schema: Schema;
}

/** The payload a subscriber receives: the schema's parsed output. */
export type EventPayload<Event extends EventDefinition> = z.output<Event["schema"]>;

/** What `emit` accepts: the schema's input. */
export type EventInput<Event extends EventDefinition> = z.input<Event["schema"]>;

const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * Declares an event. The name is `package.what_happened` in lower case.
 *
 * @example
 * export const SlaWarningDue = defineEvent(
 *   "incidents.sla_warning_due",
 *   z.object({ incidentId: z.string(), dueAt: IsoInstant }),
 * );
 */
export function defineEvent<const Name extends string, Schema extends z.ZodType>(
  name: Name,
  schema: Schema,
): EventDefinition<Name, Schema> {
  if (!EVENT_NAME.test(name) || name.length > 120) {
    throw new Error(
      `Event name "${name}" must look like "package.what_happened" (lower case, dots, underscores)`,
    );
  }
  return Object.freeze({ name, schema });
}

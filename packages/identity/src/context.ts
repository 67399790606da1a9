import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import type { Actor } from "./access/actor.js";

/** What every service verb of identity takes: its database, the time, and who acts. */
export interface ServiceContext {
  db: Executor;
  clock: Clock;
  actor: Actor;
}

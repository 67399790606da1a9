import type { TokenScope } from "../tokens/token-scopes.js";
import type { Role } from "./roles.js";

/** A signed-in member of staff, acting through a session. */
export interface UserActor {
  kind: "user";
  userId: string;
  roles: readonly Role[];
  /** The department the user works in; department-scoped permissions reach only its records. */
  departmentId: string | null;
  sessionId: string | null;
  /** The client's address, recorded in the audit log. */
  address: string | null;
}

/** An integration calling with an API token. */
export interface TokenActor {
  kind: "token";
  tokenId: string;
  scopes: readonly TokenScope[];
  address: string | null;
}

/** Nobody signed in: a citizen on the site, or a client without credentials. */
export interface AnonymousActor {
  kind: "anonymous";
  address: string | null;
}

/** Otklik itself: seeds, the retention job, start-up. Holds every permission. */
export interface SystemActor {
  kind: "system";
  name: string;
}

/** Who acts. Every service verb takes one and checks it against the permission matrix. */
export type Actor = UserActor | TokenActor | AnonymousActor | SystemActor;

/** The anonymous actor at an address. */
export function anonymousActor(address: string | null = null): AnonymousActor {
  return { kind: "anonymous", address };
}

/** The system actor, named after what runs (`"seed"`, `"retention"`). */
export function systemActor(name: string): SystemActor {
  return { kind: "system", name };
}

/** The id the audit log records for an actor: a user id, a token id, `system:<name>`, or `anonymous`. */
export function actorId(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.userId;
    case "token":
      return actor.tokenId;
    case "system":
      return `system:${actor.name}`;
    case "anonymous":
      return "anonymous";
  }
}

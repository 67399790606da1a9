// Test-only helpers (not exported): a migrated database per test, light argon2 costs, a manual clock.
import { type ManualClock, manualClock } from "@otklik/core";
import type { Database } from "@otklik/db";
import { type Actor, anonymousActor, systemActor, type UserActor } from "../access/actor.js";
import type { Role } from "../access/roles.js";
import type { ServiceContext } from "../context.js";
import { createDepartment } from "../organisation/create-department.js";
import type { MailMessage } from "../settings.js";
import { type IdentitySettings, identitySettings } from "../settings.js";
import { createUser } from "../users/create-user.js";

/** argon2id at the lowest sane cost: tests prove behaviour, production keeps its costs. */
export const TEST_HASHING = { memoryCost: 256, timeCost: 1, parallelism: 1 };

export const START = "2026-11-27T02:00:00Z";

/** A password that passes the policy. */
export const GOOD_PASSWORD = "тёплый вечер над Енисеем";

/** What a test works with: a fresh database, a clock it moves, and the mail identity sent. */
export interface World {
  db: Database;
  clock: ManualClock;
  mail: MailMessage[];
  settings: IdentitySettings;
  as(actor: Actor): ServiceContext;
  system: ServiceContext;
  anonymous: ServiceContext;
}

export function world(db: Database): World {
  const clock = manualClock(START);
  const mail: MailMessage[] = [];
  const settings = identitySettings({
    passwordHashing: TEST_HASHING,
    sendMail: async (message) => {
      mail.push(message);
    },
  });
  const as = (actor: Actor): ServiceContext => ({ db, clock, actor });
  return {
    db,
    clock,
    mail,
    settings,
    as,
    system: as(systemActor("test")),
    anonymous: as(anonymousActor("203.0.113.7")),
  };
}

/** Two departments and a person of each role in the first, plus an executor of the second. */
export async function staff(w: World): Promise<{
  departmentA: string;
  departmentB: string;
  people: Record<Role | "otherExecutor", UserActor & { email: string }>;
}> {
  const departmentA = (await createDepartment(w.system, { name: "Управление ЖКХ", shortName: "ЖКХ" })).id;
  const departmentB = (await createDepartment(w.system, { name: "Управление культуры", shortName: "УК" })).id;
  const people = {} as Record<Role | "otherExecutor", UserActor & { email: string }>;
  const roles: (Role | "otherExecutor")[] = [
    "admin",
    "editor",
    "operator",
    "executor",
    "head",
    "analyst",
    "otherExecutor",
  ];
  for (const key of roles) {
    const role: Role = key === "otherExecutor" ? "executor" : key;
    const departmentId = key === "otherExecutor" ? departmentB : departmentA;
    const email = `${key.toLowerCase()}@test.otklik.ru`;
    const user = await createUser(
      w.system,
      { email, fullName: `Сотрудник ${key}`, roles: [role], departmentId, password: GOOD_PASSWORD },
      { passwordHashing: TEST_HASHING },
    );
    people[key] = {
      kind: "user",
      userId: user.id,
      roles: [role],
      departmentId,
      sessionId: null,
      address: "10.0.0.1",
      email,
    };
  }
  return { departmentA, departmentB, people };
}

/** The code an OtklikError carries, or `undefined` when `work` succeeds. */
export async function errorCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { sql } from "drizzle-orm";
import { systemActor } from "../access/actor.js";
import type { PasswordHashing } from "../passwords/password-hashing.js";
import { users } from "../schema.js";
import { orm } from "../storage/database.js";
import { createUser } from "../users/create-user.js";
import type { User } from "../users/user.js";

/**
 * Without demo data (`OTKLIK_DEMO=0`) the first administrator comes from the
 * environment (`OTKLIK_ADMIN_EMAIL`, `OTKLIK_ADMIN_PASSWORD`). Creates the
 * account only while no administrator exists, so a restart changes nothing;
 * the password must pass the policy. Answers the account made, if any.
 */
export async function ensureFirstAdministrator(args: {
  db: Executor;
  clock: Clock;
  email: string;
  password: string;
  passwordHashing: PasswordHashing;
}): Promise<User | undefined> {
  const [existing] = await orm(args.db)
    .select({ id: users.id })
    .from(users)
    .where(sql`'admin' = any(${users.roles})`)
    .limit(1);
  if (existing) return undefined;
  return createUser(
    { db: args.db, clock: args.clock, actor: systemActor("first-administrator") },
    {
      email: args.email,
      fullName: "Администратор / Administrator",
      roles: ["admin"],
      password: args.password,
    },
    { passwordHashing: args.passwordHashing },
  );
}

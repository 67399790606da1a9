import type { Database } from "@otklik/db";
import { eq } from "drizzle-orm";
import { hashPassword } from "../passwords/password-hashing.js";
import { users } from "../schema.js";
import { orm } from "../storage/database.js";
import { TEST_HASHING } from "./fixtures.js";

/** Sets a password the policy would refuse (the demo's), as the demo seed does. */
export async function setPasswordHashForTest(db: Database, userId: string, password: string): Promise<void> {
  await orm(db)
    .update(users)
    .set({ passwordHash: await hashPassword(password, TEST_HASHING) })
    .where(eq(users.id, userId));
}

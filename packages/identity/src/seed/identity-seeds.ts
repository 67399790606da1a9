import type { SeedContribution } from "@otklik/db";
import type { PasswordHashing } from "../passwords/password-hashing.js";
import { ensureFirstAdministrator } from "./first-administrator.js";
import { seedAbakanDemo } from "./seed-abakan-demo.js";

/** The name of the demo seed, for later packages' `dependsOn` (their demo incidents need departments). */
export const IDENTITY_DEMO_SEED = "identity.abakan-demo";

/**
 * Abakan's organisation, the demo accounts and the Open311 demo key, as a seed
 * contribution: runs once per database. The app lists it only when demo data is on
 * and never in production.
 */
export function identityDemoSeed(options: { passwordHashing: PasswordHashing }): SeedContribution {
  return {
    name: IDENTITY_DEMO_SEED,
    async run({ db, clock }) {
      await seedAbakanDemo({ db, clock, passwordHashing: options.passwordHashing });
    },
  };
}

/** The first administrator from the environment (`OTKLIK_DEMO=0`), as a seed contribution. */
export function firstAdministratorSeed(options: {
  email: string;
  password: string;
  passwordHashing: PasswordHashing;
}): SeedContribution {
  return {
    name: "identity.first-administrator",
    async run({ db, clock }) {
      await ensureFirstAdministrator({ db, clock, ...options });
    },
  };
}

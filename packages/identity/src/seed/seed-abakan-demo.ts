import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import { systemActor } from "../access/actor.js";
import type { ServiceContext } from "../context.js";
import { createDepartment } from "../organisation/create-department.js";
import { createOfficial } from "../organisation/create-official.js";
import { updateDepartment } from "../organisation/update-department.js";
import { hashPassword, type PasswordHashing } from "../passwords/password-hashing.js";
import { DEMO_PASSWORD } from "../passwords/password-policy.js";
import { PRIVACY_POLICY } from "../personal-data/legal-text.js";
import { publishLegalText } from "../personal-data/publish-legal-text.js";
import { users } from "../schema.js";
import { orm } from "../storage/database.js";
import { createApiToken } from "../tokens/create-api-token.js";
import { createUser } from "../users/create-user.js";
import {
  DEMO_DEPARTMENTS,
  DEMO_INCIDENT_CONSENT,
  DEMO_OFFICIALS,
  DEMO_OPEN311_KEY,
  DEMO_PRIVACY_POLICY,
  DEMO_USERS,
} from "./abakan-structure.js";

/** What the demo seed made, by the keys of `abakan-structure.ts`, for tests and later seeds. */
export interface AbakanDemo {
  officialIds: Record<string, string>;
  departmentIds: Record<string, string>;
  userIds: Record<string, string>;
  open311TokenId: string;
  consentTextId: string;
}

/** Demo heads of departments as the site shows them (made-up names). */
const DEMO_PUBLIC_HEADS: Record<string, { headName: string; headPosition: string }> = {
  press: { headName: "Соколова Анна Викторовна", headPosition: "Руководитель пресс-службы" },
  housing: { headName: "Кириллов Олег Петрович", headPosition: "Начальник управления" },
  transport: { headName: "Белов Сергей Андреевич", headPosition: "Начальник управления" },
  architecture: { headName: "Орлова Марина Игоревна", headPosition: "Главный архитектор города" },
  education: { headName: "Гусева Елена Николаевна", headPosition: "Начальник управления" },
  culture: { headName: "Тихонов Павел Ильич", headPosition: "Начальник управления" },
};

/**
 * Seeds Abakan's departments, officials, the demo accounts (password
 * `otklik-demo`, which sign-in refuses in production), the Open311 demo key and
 * the first privacy policy and consent text. Everything goes through the
 * service verbs, as the system, so the audit log shows the seed too.
 */
export async function seedAbakanDemo(args: {
  db: Executor;
  clock: Clock;
  passwordHashing: PasswordHashing;
}): Promise<AbakanDemo> {
  const context: ServiceContext = { db: args.db, clock: args.clock, actor: systemActor("seed") };

  const officialIds: Record<string, string> = {};
  for (const official of DEMO_OFFICIALS) {
    officialIds[official.key] = (
      await createOfficial(context, { fullName: official.fullName, position: official.position })
    ).id;
  }

  const departmentIds: Record<string, string> = {};
  for (const department of DEMO_DEPARTMENTS) {
    departmentIds[department.key] = (
      await createDepartment(context, {
        name: department.name,
        shortName: department.shortName,
        officialId: department.official ? officialIds[department.official] : null,
        contacts: {
          email: department.email,
          phone: department.phone,
          address: "г. Абакан, ул. Щетинкина, 10",
        },
        // What the site publishes (demo people; a real city enters its own): the EDDS is listed by phone only.
        publicCard:
          department.key === "edds"
            ? { phone: department.phone, hours: "круглосуточно" }
            : {
                ...(DEMO_PUBLIC_HEADS[department.key] ?? {}),
                phone: department.phone,
                email: department.email,
                address: "г. Абакан, ул. Щетинкина, 10",
                hours: "пн–чт 8:00–17:00, пт 8:00–16:00, перерыв 12:00–13:00",
              },
        calendarKey: "abakan",
      })
    ).id;
  }

  // The demo password is shorter than the policy allows: it is set directly, never through the verbs.
  const demoHash = await hashPassword(DEMO_PASSWORD, args.passwordHashing);
  const userIds: Record<string, string> = {};
  for (const person of DEMO_USERS) {
    const user = await createUser(context, {
      email: person.email,
      fullName: person.fullName,
      roles: [person.role],
      departmentId: departmentIds[person.department] ?? null,
    });
    await orm(args.db)
      .update(users)
      .set({ passwordHash: demoHash, passwordChangedAt: args.clock.now() })
      .where(eq(users.id, user.id));
    userIds[person.role] = user.id;
  }
  await updateDepartment(context, departmentIds.housing!, { headUserId: userIds.head! });

  const open311 = await createApiToken(
    context,
    { name: "Open311 (демо) / Open311 (demo)", scopes: ["open311:write"] },
    { secret: DEMO_OPEN311_KEY },
  );
  await publishLegalText(context, PRIVACY_POLICY, DEMO_PRIVACY_POLICY);
  const consentText = await publishLegalText(context, DEMO_INCIDENT_CONSENT.document, {
    title: DEMO_INCIDENT_CONSENT.title,
    body: DEMO_INCIDENT_CONSENT.body,
  });

  return {
    officialIds,
    departmentIds,
    userIds,
    open311TokenId: open311.token.id,
    consentTextId: consentText.id,
  };
}

// Test fixture: a department with a head, an executor and a deputy head of the administration.
import { type Clock, manualClock } from "@otklik/core";
import type { Database } from "@otklik/db";
import {
  createDepartment,
  createOfficial,
  createUser,
  systemActor,
  updateDepartment,
} from "@otklik/identity";
import { abakanCalendars } from "@otklik/sla";
import type { EscalationSettings } from "../escalation/escalate.js";

export interface Organisation {
  departmentId: string;
  headId: string;
  executorId: string;
  deputyEmail: string;
}

let counter = 0;

/** Makes the department and its people through identity's own verbs. */
export async function seedOrganisation(
  db: Database,
  clock: Clock = manualClock("2026-11-27T02:00:00Z"),
): Promise<Organisation> {
  const context = { db, clock, actor: systemActor("test") };
  const unique = `${process.pid}-${++counter}`;
  const deputyEmail = `deputy-${unique}@abakan.example`;
  const official = await createOfficial(context, {
    fullName: "Заместитель Главы",
    position: "Заместитель главы по ЖКХ",
    email: deputyEmail,
  });
  const department = await createDepartment(context, {
    name: `Управление ЖКХ ${unique}`,
    shortName: `ЖКХ ${unique}`,
    officialId: official.id,
  });
  const head = await createUser(context, {
    email: `head-${unique}@abakan.example`,
    fullName: "Руководитель Управления",
    roles: ["head"],
    departmentId: department.id,
  });
  const executor = await createUser(context, {
    email: `executor-${unique}@abakan.example`,
    fullName: "Исполнитель Управления",
    roles: ["executor"],
    departmentId: department.id,
  });
  await updateDepartment(context, department.id, { headUserId: head.id });
  return { departmentId: department.id, headId: head.id, executorId: executor.id, deputyEmail };
}

/** Escalation on Abakan's duty calendar with short delays. */
export const TEST_ESCALATION: EscalationSettings = {
  dutyCalendar: abakanCalendars().duty!,
  chain: [
    { level: "executor", delayMinutes: 0 },
    { level: "head", delayMinutes: 30 },
    { level: "deputy", delayMinutes: 60 },
  ],
};

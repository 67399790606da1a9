import type { SeedContribution } from "@otklik/db";
import { IDENTITY_DEMO_SEED, listDepartments, systemActor } from "@otklik/identity";
import { ABAKAN_ROUTING, DUTY_DISPATCH } from "../routing/routing-table.js";
import { setDepartmentRoute } from "../storage/department-routes.js";

/** The demo departments' short names (identity's seed) for each routing key. */
const DEMO_SHORT_NAMES: Readonly<Record<string, string>> = {
  housing: "Управление ЖКХ",
  transport: "Управление транспорта",
  education: "Управление образования",
  press: "Пресс-служба",
  edds: "ЕДДС",
};

/**
 * Links the routing keys (`housing`, `edds`…) to the demo departments identity seeded, found by their
 * short names. Runs after identity's demo seed; keys without a seeded department stay unrouted.
 */
export const incidentsDemoSeed: SeedContribution = {
  name: "incidents.demo-routes",
  dependsOn: [IDENTITY_DEMO_SEED],
  async run({ db, clock }) {
    const context = { db, clock, actor: systemActor("seed") };
    const byName = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await listDepartments(context, { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const department of page.items) byName.set(department.shortName, department.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const keys = new Set([
      ...Object.values(ABAKAN_ROUTING).map((target) => target.departmentKey),
      DUTY_DISPATCH.departmentKey,
    ]);
    for (const key of keys) {
      const name = DEMO_SHORT_NAMES[key];
      const id = name ? byName.get(name) : undefined;
      if (id) await setDepartmentRoute(db, key, id);
    }
  },
};

import type { CategoryCode } from "../classification/categories.js";

/** Where a category's incidents go: a city department (by the key seeds give it) or another authority. */
export interface RoutingTarget {
  /** `department`: a unit of the city administration; `external`: forwarded to another authority. */
  kind: "department" | "external";
  /** The department's key in the identity package's seeds (`housing`, `transport`…), or the authority's key. */
  departmentKey: string;
  /** Short name shown to operators. */
  shortName: string;
}

/**
 * Abakan's routing: category → department. Data, not code: the city edits it. Keys `housing`,
 * `transport`, `education`, `press` and `edds` are the identity package's demo departments;
 * `consumer-market` and `health-ministry` are not seeded there yet and resolve to nothing until they are.
 */
export const ABAKAN_ROUTING: Readonly<Record<CategoryCode, RoutingTarget>> = {
  roads: { kind: "department", departmentKey: "housing", shortName: "Управление ЖКХ" },
  yards: { kind: "department", departmentKey: "housing", shortName: "Управление ЖКХ" },
  housing: { kind: "department", departmentKey: "housing", shortName: "Управление ЖКХ" },
  "street-lighting": { kind: "department", departmentKey: "housing", shortName: "Управление ЖКХ" },
  snow: { kind: "department", departmentKey: "housing", shortName: "Управление ЖКХ" },
  waste: { kind: "department", departmentKey: "housing", shortName: "Управление ЖКХ" },
  animals: { kind: "department", departmentKey: "housing", shortName: "Управление ЖКХ" },
  transport: { kind: "department", departmentKey: "transport", shortName: "Управление транспорта" },
  education: { kind: "department", departmentKey: "education", shortName: "Управление образования" },
  trade: { kind: "department", departmentKey: "consumer-market", shortName: "Отдел потребительского рынка" },
  healthcare: {
    kind: "external",
    departmentKey: "health-ministry",
    shortName: "Министерство здравоохранения Республики Хакасия",
  },
  other: { kind: "department", departmentKey: "press", shortName: "Пресс-служба" },
};

/** The city's duty dispatch service (ЕДДС), told at once of every urgent incident. */
export const DUTY_DISPATCH: RoutingTarget = { kind: "department", departmentKey: "edds", shortName: "ЕДДС" };

/** A routing decision: who handles the incident and who must be told at once. */
export interface RoutingDecision {
  target: RoutingTarget;
  /** Urgent incidents also go to the duty dispatch service. */
  notifyAtOnce: RoutingTarget[];
}

/** Routes an incident by its category; an urgent one is also passed to the duty dispatch service. */
export function routeToDepartment(
  input: { category: CategoryCode; urgent: boolean },
  table: Readonly<Record<CategoryCode, RoutingTarget>> = ABAKAN_ROUTING,
  dutyDispatch: RoutingTarget = DUTY_DISPATCH,
): RoutingDecision {
  return { target: table[input.category], notifyAtOnce: input.urgent ? [dutyDispatch] : [] };
}

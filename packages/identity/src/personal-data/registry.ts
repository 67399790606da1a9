import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import type { DataSubject } from "./data-subject.js";

/** What a part gets to work with: the database (inside the request's transaction) and the time. */
export interface PersonalDataContext {
  db: Executor;
  clock: Clock;
}

/**
 * One place where a package stores citizens' personal data, and how to export,
 * erase and age it out. Erasing keeps the records (an incident stays an
 * incident) but anonymises the person in them; it must be idempotent.
 */
export interface PersonalDataPart {
  /** `<package>.<records>`, e.g. `identity.consents`, `incidents.authors`. */
  name: string;
  /** Russian-first description for the export document. */
  description: string;
  /** The subject's records, as they would be shown to them. */
  export(subject: DataSubject, context: PersonalDataContext): Promise<unknown[]>;
  /** Anonymises the subject's records; answers how many changed. */
  erase(subject: DataSubject, context: PersonalDataContext): Promise<number>;
  /** Anonymises records whose retention period ended before `cutoff`; answers how many changed. */
  anonymiseBefore?(cutoff: Date, context: PersonalDataContext): Promise<number>;
}

/** Where personal data lives: every package that stores some registers its part at start-up. */
export interface PersonalDataRegistry {
  /** Adds a part; a second part with the same name is a programming error. */
  register(part: PersonalDataPart): void;
  /** The parts, in registration order. */
  parts(): readonly PersonalDataPart[];
}

/** A new, empty registry. The app makes one and registers every package's part in it. */
export function createPersonalDataRegistry(): PersonalDataRegistry {
  const registered: PersonalDataPart[] = [];
  return {
    register(part) {
      if (registered.some((existing) => existing.name === part.name)) {
        throw new Error(`Personal-data part "${part.name}" is already registered`);
      }
      registered.push(part);
    },
    parts: () => registered,
  };
}

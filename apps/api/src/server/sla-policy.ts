import { readFileSync } from "node:fs";
import type { SlaSettings } from "@otklik/incidents";
import { abakanCalendars, SlaPolicy } from "@otklik/sla";

/**
 * The SLA settings of `OTKLIK_SLA_POLICY_FILE`: a JSON file holding an `@otklik/sla` `SlaPolicy`,
 * measured on Abakan's calendars (`duty`, `office`, `always-open`). Unset: `undefined`, and the desk
 * uses Abakan's default policy. Every process of one city must read the same file (the API sets the
 * deadlines, the workers announce them). Throws, Russian first, naming what is wrong.
 */
export function slaSettingsFromFile(file: string | undefined): SlaSettings | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `OTKLIK_SLA_POLICY_FILE: файл ${file} не прочитан / the file ${file} could not be read: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`OTKLIK_SLA_POLICY_FILE: ${file} — не JSON / is not JSON: ${(error as Error).message}`);
  }
  const parsed = SlaPolicy.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new Error(
      `OTKLIK_SLA_POLICY_FILE: ${file} — не политика SLA / is not an SLA policy: ${problems.join("; ")}`,
    );
  }
  const calendars = abakanCalendars();
  for (const rule of parsed.data.rules) {
    for (const [metric, target] of Object.entries(rule.targets)) {
      if (target.calendar && !(target.calendar in calendars)) {
        throw new Error(
          `OTKLIK_SLA_POLICY_FILE: ${file} — правило «${rule.name}», метрика ${metric}: нет календаря «${target.calendar}» ` +
            `(есть ${Object.keys(calendars).join(", ")}) / rule "${rule.name}", metric ${metric}: no calendar ` +
            `"${target.calendar}" (there are ${Object.keys(calendars).join(", ")})`,
        );
      }
    }
  }
  return { policy: parsed.data, calendars };
}

import { alwaysOpenCalendar } from "../calendar/always-open-calendar.js";
import type { BusinessCalendar } from "../calendar/business-calendar.js";
import { createBusinessCalendar } from "../calendar/interval-calendar.js";
import type { WeeklyHours } from "../calendar/weekly-hours.js";
import { russianProductionCalendar } from "../production-calendar/russian-production-calendar.js";
import { SlaPolicy } from "./sla-policy.js";

const ABAKAN_TIME_ZONE = "Asia/Krasnoyarsk";

/**
 * Duty hours of Abakan's Municipal Management Center, weekends and holidays included. The city sets
 * them; pass its current hours to {@link abakanCalendars}. This default is a placeholder.
 */
export const ABAKAN_DUTY_HOURS: WeeklyHours = Object.freeze({
  mon: [["08:00", "20:00"]],
  tue: [["08:00", "20:00"]],
  wed: [["08:00", "20:00"]],
  thu: [["08:00", "20:00"]],
  fri: [["08:00", "20:00"]],
  sat: [["09:00", "18:00"]],
  sun: [["09:00", "18:00"]],
});

/**
 * The calendars Abakan's policy names: `duty` (the desk's own hours, every day), `office` (the
 * production calendar, Mon–Fri 08:00–12:00, 13:00–17:00) and `always-open`, all in Asia/Krasnoyarsk.
 */
export function abakanCalendars(
  dutyHours: WeeklyHours = ABAKAN_DUTY_HOURS,
): Record<string, BusinessCalendar> {
  return {
    duty: createBusinessCalendar({ timeZone: ABAKAN_TIME_ZONE, hours: dutyHours }),
    office: russianProductionCalendar({ timeZone: ABAKAN_TIME_ZONE }),
    "always-open": alwaysOpenCalendar({ timeZone: ABAKAN_TIME_ZONE }),
  };
}

/**
 * Abakan's default SLA policy: first public reply within 2 hours of the desk's duty calendar (real
 * time for urgent incidents); the incident platform's answer within 9 working hours (Khakassia);
 * the fix within a number of working days per category. Categories and their days are examples.
 */
export const ABAKAN_SLA_POLICY: SlaPolicy = SlaPolicy.parse({
  name: "Abakan incident desk",
  metrics: [
    { name: "first-reply", stopsOn: "public-reply" },
    { name: "platform-answer", stopsOn: "answer" },
    { name: "resolution", stopsOn: "resolution" },
  ],
  pausingStatuses: ["waiting-for-citizen"],
  rules: [
    {
      name: "urgent",
      when: { priority: ["urgent"] },
      targets: {
        "first-reply": {
          target: { unit: "calendar-minutes", amount: 120 },
          warnings: [{ minutesBefore: 30 }],
        },
      },
    },
    {
      name: "heating and water",
      when: { category: ["heating", "water-supply"] },
      targets: { resolution: { target: { unit: "working-days", amount: 1 }, calendar: "office" } },
    },
    {
      name: "roads and lighting",
      when: { category: ["roads", "street-lighting"] },
      targets: { resolution: { target: { unit: "working-days", amount: 10 }, calendar: "office" } },
    },
    {
      name: "default",
      targets: {
        "first-reply": {
          target: { unit: "working-minutes", amount: 120 },
          calendar: "duty",
          warnings: [{ share: 0.5 }, { minutesBefore: 15 }],
        },
        "platform-answer": {
          target: { unit: "working-minutes", amount: 540 },
          calendar: "office",
          warnings: [{ minutesBefore: 60 }],
        },
        resolution: {
          target: { unit: "working-days", amount: 5 },
          calendar: "office",
          warnings: [{ share: 0.8 }],
        },
      },
    },
  ],
});

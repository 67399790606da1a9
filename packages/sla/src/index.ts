// Calendars: working time as intervals in an IANA time zone
export { type AlwaysOpenCalendarOptions, alwaysOpenCalendar } from "./calendar/always-open-calendar.js";
export type { BusinessCalendar, DayDescription } from "./calendar/business-calendar.js";
export { CalendarConfigurationError } from "./calendar/calendar-configuration-error.js";
export type { DayKind, DayOverride } from "./calendar/day-override.js";
export { type BusinessCalendarOptions, createBusinessCalendar } from "./calendar/interval-calendar.js";
export { DEFAULT_OFFICE_HOURS, ROUND_THE_CLOCK_HOURS, type WeeklyHours } from "./calendar/weekly-hours.js";

// SLA clocks: evaluating metrics from an incident's event log
export { ALWAYS_OPEN, type EvaluateSlaMetricInput, evaluateSlaMetric } from "./clock/evaluate-metric.js";
export { type EvaluateSlaInput, evaluateSla } from "./clock/evaluate-sla.js";
export { IncidentEvent } from "./clock/incident-event.js";
export type {
  SlaEvaluation,
  SlaMetricEvaluation,
  SlaMetricState,
  SlaWarningStatus,
} from "./clock/metric-evaluation.js";

// Interchange: xmlcalendar.ru and iCalendar (RFC 5545)
export {
  exportICalendar,
  type ICalendarExportOptions,
  type ICalendarImport,
  type ICalendarImportOptions,
  importICalendarDays,
  type SkippedCalendarEvent,
} from "./interchange/icalendar.js";
export { parseXmlCalendar, type XmlCalendarYear } from "./interchange/xmlcalendar.js";

// SLA policies: rules, targets, warnings; Abakan's defaults
export { ABAKAN_DUTY_HOURS, ABAKAN_SLA_POLICY, abakanCalendars } from "./policy/abakan-policy.js";
export { type IncidentAttributes, type SelectedTarget, selectTarget } from "./policy/select-target.js";
export {
  SlaConditions,
  SlaMetricDefinition,
  SlaMetricTarget,
  SlaPolicy,
  SlaRule,
  SlaStopEvent,
  SlaTarget,
  SlaWarning,
} from "./policy/sla-policy.js";

// Russian production calendar
export {
  OFFICIAL_PRODUCTION_CALENDAR_YEARS,
  type ProductionCalendar,
  type RegionalHoliday,
  type RussianProductionCalendarOptions,
  russianProductionCalendar,
  russianProductionCalendarOverrides,
} from "./production-calendar/russian-production-calendar.js";

// Time values
export type { IsoDate, Weekday } from "./time/civil-date.js";
export type { ClockInterval, ClockTime } from "./time/clock-time.js";
export type { Instant } from "./time/instant.js";

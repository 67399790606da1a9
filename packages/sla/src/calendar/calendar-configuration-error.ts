/**
 * Thrown when a calendar or policy is configured wrongly: a reversed or overlapping interval,
 * a week without working time, an unknown time zone. The message names the problem.
 */
export class CalendarConfigurationError extends Error {
  override readonly name = "CalendarConfigurationError";
}

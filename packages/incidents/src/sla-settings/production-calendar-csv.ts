/**
 * The Russian production calendar as the open-data portal publishes it (data.gov.ru, dataset
 * «Производственный календарь»): a CSV with one row per year —
 *
 *     Год/Месяц,Январь,…,Декабрь,Всего рабочих дней,Всего праздничных и выходных дней,…
 *     2026,"1,2,3,4,5,6,7,8,9+,10,11,17,18,24,25,31",…,247,118,1972,1774.4,1181.6
 *
 * Each month cell lists the days without work. `*` marks a shortened pre-holiday working day (it is
 * listed although it works); `+` marks a day moved by a transfer. On a weekday a `+` is a
 * transferred rest day (non-working); on a Saturday or Sunday it is a working day taken by a transfer
 * (publishers have used the sign both ways; neither reading is possible for the other kind of day).
 * A Saturday or Sunday that is not listed is a working day. Pure: text in, days out.
 */

/** How a calendar day differs from an ordinary Monday–Friday week. */
export type CalendarDayKind = "working" | "non-working" | "shortened";

/** One day of a calendar that differs from its weekly hours. */
export interface ParsedCalendarDay {
  date: string;
  kind: CalendarDayKind;
  note: string;
}

/** One year of the file: the days that differ from a Monday–Friday week, and its stated totals. */
export interface ParsedProductionYear {
  year: number;
  days: ParsedCalendarDay[];
  /** Working days counted from the cells. */
  workingDays: number;
  /** «Всего рабочих дней» as the file states it, when given. */
  statedWorkingDays: number | null;
}

/** A problem in the file, by line (1-based) and column name. */
export interface ProductionCalendarProblem {
  line: number;
  column: string;
  message: string;
}

export interface ParsedProductionCalendar {
  years: ParsedProductionYear[];
  problems: ProductionCalendarProblem[];
}

const MONTHS = [
  "январь",
  "февраль",
  "март",
  "апрель",
  "май",
  "июнь",
  "июль",
  "август",
  "сентябрь",
  "октябрь",
  "ноябрь",
  "декабрь",
] as const;

/** Art. 112 of the Labour Code: the non-working holidays (MM-DD). */
const FEDERAL_HOLIDAYS = new Set([
  "01-01",
  "01-02",
  "01-03",
  "01-04",
  "01-05",
  "01-06",
  "01-07",
  "01-08",
  "02-23",
  "03-08",
  "05-01",
  "05-09",
  "06-12",
  "11-04",
]);

export const DAY_NOTES = {
  holiday: "Нерабочий праздничный день / Public holiday",
  transferredRest: "Перенесённый выходной день / Transferred rest day",
  nonWorking: "Нерабочий день / Day off",
  workingWeekend: "Рабочий день по переносу / Working day by transfer",
  shortened: "Предпраздничный день, на час короче / Pre-holiday day, one hour shorter",
} as const;

/** Splits CSV text into rows of cells (RFC 4180 quoting; `,` or `;` as the separator). */
export function parseCsvRows(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, "");
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const separator = firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      row.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((value) => value.trim() !== ""));
}

const pad = (value: number) => String(value).padStart(2, "0");
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isWeekend = (year: number, month: number, day: number) => {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/**
 * Reads the data.gov.ru production calendar. Rows that cannot be read are reported in `problems`
 * (with their line) and left out; a year whose counted working days differ from the stated total is
 * reported too, since the file would then disagree with itself.
 */
export function parseProductionCalendarCsv(text: string): ParsedProductionCalendar {
  const rows = parseCsvRows(text);
  const problems: ProductionCalendarProblem[] = [];
  const years: ParsedProductionYear[] = [];
  const header = rows[0]?.map((cell) => cell.trim().toLowerCase()) ?? [];
  if (!header[0]?.startsWith("год")) {
    return {
      years,
      problems: [
        {
          line: 1,
          column: "Год/Месяц",
          message:
            "Нет заголовка «Год/Месяц,Январь,…,Декабрь» / The header «Год/Месяц,Январь,…,Декабрь» is missing",
        },
      ],
    };
  }
  const monthColumns = MONTHS.map((month) => header.indexOf(month));
  const missing = MONTHS.filter((_, index) => monthColumns[index] === -1);
  if (missing.length > 0) {
    return {
      years,
      problems: [
        {
          line: 1,
          column: missing.join(", "),
          message: `Нет столбцов месяцев: ${missing.join(", ")} / Month columns missing: ${missing.join(", ")}`,
        },
      ],
    };
  }
  const totalColumn = header.findIndex((cell) => cell.startsWith("всего рабочих дней"));
  const seen = new Set<number>();
  rows.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const yearText = cells[0]?.trim() ?? "";
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 1900 || year > 2999) {
      problems.push({
        line,
        column: "Год/Месяц",
        message: `«${yearText}» — не год / «${yearText}» is not a year`,
      });
      return;
    }
    if (seen.has(year)) {
      problems.push({
        line,
        column: "Год/Месяц",
        message: `${year} — второй раз / ${year} appears twice`,
      });
      return;
    }
    seen.add(year);
    const before = problems.length;
    const days: ParsedCalendarDay[] = [];
    let workingDays = 0;
    MONTHS.forEach((monthName, monthIndex) => {
      const month = monthIndex + 1;
      const column = monthName[0]!.toUpperCase() + monthName.slice(1);
      const listed = new Map<number, "" | "*" | "+">();
      const cell = cells[monthColumns[monthIndex]!]?.trim() ?? "";
      for (const token of cell === "" ? [] : cell.split(",")) {
        const match = /^\s*(\d{1,2})\s*([*+]?)\s*$/.exec(token);
        const day = match ? Number(match[1]) : Number.NaN;
        if (!match || day < 1 || day > daysInMonth(year, month)) {
          problems.push({
            line,
            column,
            message: `«${token.trim()}» — не день месяца / «${token.trim()}» is not a day of the month`,
          });
          continue;
        }
        listed.set(day, match[2] as "" | "*" | "+");
      }
      for (let day = 1; day <= daysInMonth(year, month); day += 1) {
        const date = `${year}-${pad(month)}-${pad(day)}`;
        const weekend = isWeekend(year, month, day);
        const mark = listed.get(day);
        let kind: CalendarDayKind;
        if (mark === "*") kind = "shortened";
        else if (mark === "+") kind = weekend ? "working" : "non-working";
        else if (mark === "") kind = "non-working";
        else kind = "working";
        if (kind !== "non-working") workingDays += 1;
        if (kind === "shortened") days.push({ date, kind, note: DAY_NOTES.shortened });
        else if (kind === "working" && weekend) days.push({ date, kind, note: DAY_NOTES.workingWeekend });
        else if (kind === "non-working" && !weekend) {
          const note = FEDERAL_HOLIDAYS.has(date.slice(5))
            ? DAY_NOTES.holiday
            : mark === "+"
              ? DAY_NOTES.transferredRest
              : DAY_NOTES.nonWorking;
          days.push({ date, kind, note });
        }
      }
    });
    if (problems.length > before) return;
    const statedText = totalColumn >= 0 ? (cells[totalColumn]?.trim() ?? "") : "";
    const statedWorkingDays = /^\d+$/.test(statedText) ? Number(statedText) : null;
    if (statedWorkingDays !== null && statedWorkingDays !== workingDays) {
      problems.push({
        line,
        column: "Всего рабочих дней",
        message:
          `${year}: по дням ${workingDays} рабочих, в файле ${statedWorkingDays} / ` +
          `${year}: the cells give ${workingDays} working days, the file states ${statedWorkingDays}`,
      });
      return;
    }
    years.push({ year, days, workingDays, statedWorkingDays });
  });
  return { years, problems };
}

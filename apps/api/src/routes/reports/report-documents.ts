import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import writeXlsxFile, { type SheetData } from "write-excel-file/node";
import { type BarChart, barChartPng, barChartSvg, CHART_HEIGHT, CHART_WIDTH } from "./bar-chart.js";
import { type CsvCell, toCsv } from "./csv.js";
import type { ReportFigures } from "./report-figures.js";

/** A figure as the report prints it: whole numbers as they are, others with one decimal and a comma. */
export function figure(value: number | null): string {
  if (value === null) return "—";
  if (Number.isInteger(value)) return String(value);
  return (Math.round(value * 10) / 10).toFixed(1).replace(".", ",");
}

/** A share as a percentage with one decimal («87,5 %»), or a dash when nothing was due. */
export function percentage(value: number | null): string {
  return value === null ? "—" : `${figure(Math.round(value * 1000) / 10)} %`;
}

const TO_FILL_IN = "заполняет пресс-служба / filled in by the office";

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("ru-RU", {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}

const russianDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

/** The report's charts: what each shows, in the order the document places them. */
export function reportCharts(
  figures: ReportFigures,
): Record<"publications" | "incidents" | "replyTimes" | "kinds", BarChart> {
  return {
    publications: {
      title: "Публикации по каналам / Publications by channel",
      labels: figures.publications.byChannel.map((row) => row.ru),
      values: figures.publications.byChannel.map((row) => row.count),
    },
    incidents: {
      title:
        figures.kind === "yearly"
          ? "Обращения по месяцам / Incidents by month"
          : "Обращения по дням / Incidents by day",
      labels: figures.incidents.timeline.labels,
      values: figures.incidents.timeline.counts,
    },
    replyTimes: {
      title: "Время первого ответа / First-reply time",
      labels: figures.firstReply.buckets.map((bucket) => bucket.label.ru),
      values: figures.firstReply.buckets.map((bucket) => bucket.count),
    },
    kinds: {
      title: "Обращения по темам / Incidents by kind",
      labels: figures.incidents.byKind.map((row) => row.ru),
      values: figures.incidents.byKind.map((row) => row.received),
    },
  };
}

/** Pre-rendered chart images, so the DOCX step only lays them out. */
export interface RenderedChart {
  chart: BarChart;
  svg: Buffer;
  png: Buffer;
}

export async function renderCharts(figures: ReportFigures): Promise<Record<string, RenderedChart>> {
  const rendered = await Promise.all(
    Object.entries(reportCharts(figures)).map(async ([name, chart]) => [
      name,
      { chart, svg: Buffer.from(barChartSvg(chart), "utf8"), png: await barChartPng(chart) },
    ]),
  );
  return Object.fromEntries(rendered);
}

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

function table(headers: readonly string[], rows: readonly (readonly string[])[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((header) => cell(header, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
    ],
  });
}

const heading = (
  text: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1,
) => new Paragraph({ heading: level, children: [new TextRun(text)] });
const text = (content: string) => new Paragraph({ children: [new TextRun(content)] });

function chartParagraphs(rendered: RenderedChart | undefined): Paragraph[] {
  if (!rendered) return [];
  const { chart } = rendered;
  const description = `${chart.title}: ${chart.labels.map((label, index) => `${label} — ${figure(chart.values[index] ?? 0)}`).join("; ")}`;
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new ImageRun({
          type: "svg",
          data: rendered.svg,
          fallback: { type: "png", data: rendered.png },
          transformation: { width: CHART_WIDTH, height: CHART_HEIGHT },
          altText: { name: chart.title, title: chart.title, description: description.slice(0, 1000) },
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: chart.title, italics: true })],
    }),
  ];
}

/** The report as a Word document: the office's yearly (monthly) report on information policy, with charts. */
export async function reportDocx(
  figures: ReportFigures,
  charts: Record<string, RenderedChart>,
): Promise<Buffer> {
  const { publications, audience, incidents, firstReply, deadlines, topics, media } = figures;
  const tz = figures.period.timeZone;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(figures.title.ru)] }),
    text(figures.title.en),
    text(
      `Период: ${russianDate(figures.period.from)} — ${russianDate(figures.period.to)} / Period: ${figures.period.from} — ${figures.period.to}`,
    ),
    text(
      figures.departmentName
        ? `Управление / Department: ${figures.departmentName}`
        : "Все управления / All departments",
    ),
    text(`Сформирован / Generated: ${when(figures.generatedAt, tz)} (${tz})`),

    heading("1. Публикации / Publications"),
    text(`Опубликовано материалов на сайте / Published on the website: ${publications.total}`),
    heading("По видам / By type", HeadingLevel.HEADING_2),
    table(
      ["Вид / Type", "Публикаций / Publications"],
      publications.byType.map((row) => [`${row.ru} / ${row.en}`, String(row.count)]),
    ),
    heading("По издателям / By publisher", HeadingLevel.HEADING_2),
    table(
      ["Издатель / Publisher", "Публикаций / Publications"],
      publications.byPublisher.map((row) => [row.ru, String(row.count)]),
    ),
    heading("По каналам / By channel", HeadingLevel.HEADING_2),
    table(
      ["Канал / Channel", "Публикаций / Publications"],
      publications.byChannel.map((row) => [`${row.ru} / ${row.en}`, String(row.count)]),
    ),
    ...chartParagraphs(charts.publications),

    heading("2. Аудитория официальных страниц / Audience of the official pages"),
    text(
      "Показания снимаются с платформ автоматически; где их нет, строку заполняет пресс-служба. " +
        "/ Figures are read from the platforms; where none exist, the office fills the row in.",
    ),
    table(
      [
        "Страница / Page",
        "Подключена как / Connected as",
        "На начало периода / At the start",
        "На конец периода / At the end",
        "Прирост / Growth",
      ],
      audience.map((row) =>
        row.toFillIn
          ? [`${row.ru} / ${row.en}`, row.page ?? "—", TO_FILL_IN, TO_FILL_IN, TO_FILL_IN]
          : [
              `${row.ru} / ${row.en}`,
              row.page ?? "—",
              figure(row.atStart),
              figure(row.atEnd),
              figure(row.atEnd !== null && row.atStart !== null ? row.atEnd - row.atStart : null),
            ],
      ),
    ),

    heading("3. Обращения граждан / Citizens' incidents"),
    table(
      ["Показатель / Figure", "Значение / Value"],
      [
        ["Поступило / Received", String(incidents.received)],
        ["Решено / Resolved", String(incidents.resolved)],
        ["Отклонено / Rejected", String(incidents.rejected)],
        ...(incidents.dismissedMessages === null
          ? []
          : [
              [
                "Сообщений отклонено при разборе / Messages dismissed in the inbox",
                String(incidents.dismissedMessages),
              ],
            ]),
      ],
    ),
    heading("По темам / By kind", HeadingLevel.HEADING_2),
    table(
      [
        "Тема / Kind",
        "Поступило / Received",
        "Решено / Resolved",
        "Отклонено / Rejected",
        "Переадресовано / Forwarded",
        "В работе / Open",
      ],
      incidents.byKind.map((row) => [
        `${row.ru} / ${row.en}`,
        String(row.received),
        String(row.resolved),
        String(row.rejected),
        String(row.forwarded),
        String(row.open),
      ]),
    ),
    ...chartParagraphs(charts.kinds),
    heading("По каналам / By channel", HeadingLevel.HEADING_2),
    table(
      ["Канал / Channel", "Обращений / Incidents"],
      incidents.byChannel.map((row) => [`${row.ru} / ${row.en}`, String(row.count)]),
    ),
    ...chartParagraphs(charts.incidents),

    heading("4. Время первого ответа / First-reply time"),
    table(
      ["Показатель / Figure", "Значение / Value"],
      [
        ["Обращений с ответом / Answered", String(firstReply.replied)],
        ["Без ответа / Unanswered", String(firstReply.unanswered)],
        ["Медиана, мин / Median, min", figure(firstReply.medianMinutes)],
        ["90-й процентиль, мин / 90th percentile, min", figure(firstReply.p90Minutes)],
      ],
    ),
    table(
      ["Интервал / Interval", "Обращений / Incidents"],
      firstReply.buckets.map((bucket) => [`${bucket.label.ru} / ${bucket.label.en}`, String(bucket.count)]),
    ),
    ...chartParagraphs(charts.replyTimes),

    heading("5. Соблюдение сроков / Deadlines kept"),
    table(
      ["Показатель / Figure", "Значение / Value"],
      [
        [
          "Ответ в течение 2 часов / Answered within 2 hours",
          percentage(deadlines.overall.shareWithinTwoHours),
        ],
        [
          "Ответ в срок платформы / Answered within the platform deadline",
          percentage(deadlines.overall.shareWithinPlatformDeadline),
        ],
      ],
    ),
    table(
      [
        "Управление / Department",
        "В течение 2 ч / Within 2 h",
        "В срок платформы / Within platform deadline",
      ],
      deadlines.departments.map((row) => [
        row.departmentName,
        `${percentage(row.overall.shareWithinTwoHours)} (${row.overall.withinTwoHours} из ${row.overall.twoHoursDue})`,
        `${percentage(row.overall.shareWithinPlatformDeadline)} (${row.overall.withinPlatformDeadline} из ${row.overall.platformDue})`,
      ]),
    ),

    heading("6. Частые темы и разъяснения / Top topics and explanatory materials"),
    topics.length === 0
      ? text("Повторяющихся тем не найдено / No recurring topics found")
      : table(
          [
            "Тема (ключевые слова) / Topic (stems)",
            "Обращений / Incidents",
            "Разъяснения / Explanatory materials",
          ],
          topics.map((row) => [
            row.stems.join(", "),
            String(row.count),
            row.materials.length === 0
              ? "нет / none"
              : row.materials
                  .map((material) => `${material.title}${material.path ? ` (${material.path})` : ""}`)
                  .join("; "),
          ]),
        ),

    heading("7. Работа со СМИ / Media relations"),
    table(
      ["Показатель / Figure", "Значение / Value"],
      [
        ["Запросов редакций получено / Editorial requests received", String(media.requestsReceived)],
        ["Дан ответ / Answered", String(media.answered)],
        ["Из них в срок / Of them on time", String(media.answeredOnTime)],
        ["Отсрочено / Deferred", String(media.deferred)],
        ["Отказано / Refused", String(media.refused)],
        ["Ожидают ответа / Awaiting an answer", String(media.open)],
        ["Пресс-релизов разослано / Press releases sent", String(media.pressReleases)],
        ["Аккредитовано журналистов / Journalists accredited", String(media.accreditedJournalists)],
      ],
    ),
  ];
  const document = new Document({
    creator: "Отклик / Otklik",
    title: figures.title.ru,
    description: figures.title.en,
    styles: { default: { document: { run: { font: "Arial", size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

/** Rows of every sheet: one per section, numbers as numbers. */
export function reportSheets(figures: ReportFigures): { sheet: string; data: SheetData }[] {
  const header = (...titles: string[]) => titles.map((value) => ({ value, fontWeight: "bold" as const }));
  const number = (value: number | null) => (value === null ? null : { value, type: Number });
  const { publications, audience, incidents, firstReply, deadlines, topics, media } = figures;
  return [
    {
      sheet: "Сводка",
      data: [
        header("Показатель / Figure", "Значение / Value"),
        ["Отчёт / Report", figures.title.ru],
        ["С / From", figures.period.from],
        ["По / To", figures.period.to],
        ["Управление / Department", figures.departmentName ?? "Все / All"],
        ["Публикаций на сайте / Published on the website", number(publications.total)],
        ["Обращений поступило / Incidents received", number(incidents.received)],
        ["Решено / Resolved", number(incidents.resolved)],
        ["Отклонено / Rejected", number(incidents.rejected)],
        ["Сообщений отклонено при разборе / Messages dismissed", number(incidents.dismissedMessages)],
        ["Медиана первого ответа, мин / Median first reply, min", number(firstReply.medianMinutes)],
        ["90-й процентиль, мин / 90th percentile, min", number(firstReply.p90Minutes)],
        ["Доля ответов в 2 ч / Share within 2 h", number(deadlines.overall.shareWithinTwoHours)],
        [
          "Доля ответов в срок платформы / Share within platform deadline",
          number(deadlines.overall.shareWithinPlatformDeadline),
        ],
        ["Запросов СМИ / Media requests", number(media.requestsReceived)],
        ["Запросов СМИ с ответом / Media requests answered", number(media.answered)],
      ],
    },
    {
      sheet: "Публикации",
      data: [
        header("Разрез / Dimension", "Значение / Value", "Публикаций / Publications"),
        ...publications.byType.map((row) => ["type", `${row.ru} / ${row.en}`, number(row.count)]),
        ...publications.byPublisher.map((row) => ["publisher", row.ru, number(row.count)]),
        ...publications.byChannel.map((row) => ["channel", `${row.ru} / ${row.en}`, number(row.count)]),
      ],
    },
    {
      sheet: "Аудитория",
      data: [
        header(
          "Страница / Page",
          "Подключена как / Connected as",
          "На начало / At start",
          "На конец / At end",
          "Примечание / Note",
        ),
        ...audience.map((row) => [
          `${row.ru} / ${row.en}`,
          row.page ?? "",
          number(row.atStart),
          number(row.atEnd),
          row.toFillIn ? TO_FILL_IN : "",
        ]),
      ],
    },
    {
      sheet: "Обращения",
      data: [
        header(
          "Тема / Kind",
          "Поступило / Received",
          "Решено / Resolved",
          "Отклонено / Rejected",
          "Переадресовано / Forwarded",
          "В работе / Open",
        ),
        ...incidents.byKind.map((row) => [
          `${row.ru} / ${row.en}`,
          number(row.received),
          number(row.resolved),
          number(row.rejected),
          number(row.forwarded),
          number(row.open),
        ]),
        [],
        header("Канал / Channel", "Обращений / Incidents"),
        ...incidents.byChannel.map((row) => [`${row.ru} / ${row.en}`, number(row.count)]),
        [],
        header(figures.kind === "yearly" ? "Месяц / Month" : "День / Day", "Обращений / Incidents"),
        ...incidents.timeline.labels.map((label, index) => [
          label,
          number(incidents.timeline.counts[index] ?? 0),
        ]),
      ],
    },
    {
      sheet: "Первый ответ",
      data: [
        header("Интервал / Interval", "С, мин / From, min", "До, мин / To, min", "Обращений / Incidents"),
        ...firstReply.buckets.map((bucket) => [
          `${bucket.label.ru} / ${bucket.label.en}`,
          number(bucket.fromMinutes),
          number(bucket.toMinutes),
          number(bucket.count),
        ]),
        [],
        ["Медиана, мин / Median, min", number(firstReply.medianMinutes)],
        ["90-й процентиль, мин / 90th percentile, min", number(firstReply.p90Minutes)],
        ["С ответом / Answered", number(firstReply.replied)],
        ["Без ответа / Unanswered", number(firstReply.unanswered)],
      ],
    },
    {
      sheet: "Сроки",
      data: [
        header(
          "Управление / Department",
          "Срок 2 ч наступил / 2 h due",
          "В 2 ч / Within 2 h",
          "Доля в 2 ч / Share within 2 h",
          "Срок платформы наступил / Platform due",
          "В срок платформы / Within platform",
          "Доля в срок платформы / Share within platform",
        ),
        ...[
          ...deadlines.departments.map((row) => ({ name: row.departmentName, shares: row.overall })),
          {
            name: "Всего / Total",
            shares: deadlines.overall,
          },
        ].map(({ name, shares }) => [
          name,
          number(shares.twoHoursDue),
          number(shares.withinTwoHours),
          number(shares.shareWithinTwoHours),
          number(shares.platformDue),
          number(shares.withinPlatformDeadline),
          number(shares.shareWithinPlatformDeadline),
        ]),
      ],
    },
    {
      sheet: "Темы",
      data: [
        header("Тема / Topic", "Обращений / Incidents", "Разъяснения / Explanatory materials"),
        ...topics.map((row) => [
          row.stems.join(", "),
          number(row.count),
          row.materials.map((material) => material.title).join("; "),
        ]),
      ],
    },
    {
      sheet: "СМИ",
      data: [
        header("Показатель / Figure", "Значение / Value"),
        ["Запросов получено / Requests received", number(media.requestsReceived)],
        ["Дан ответ / Answered", number(media.answered)],
        ["В срок / On time", number(media.answeredOnTime)],
        ["Отсрочено / Deferred", number(media.deferred)],
        ["Отказано / Refused", number(media.refused)],
        ["Ожидают / Open", number(media.open)],
        ["Пресс-релизов / Press releases", number(media.pressReleases)],
        ["Аккредитовано журналистов / Journalists accredited", number(media.accreditedJournalists)],
      ],
    },
  ];
}

export async function reportXlsx(figures: ReportFigures): Promise<Buffer> {
  return writeXlsxFile(reportSheets(figures).map(({ sheet, data }) => ({ sheet, data }))).toBuffer();
}

/** One CSV of every figure: `section, item, metric, value` (UTF-8 with BOM). */
export function reportCsv(figures: ReportFigures): string {
  const rows: CsvCell[][] = [];
  const add = (section: string, item: string, metric: string, value: number | string | null) =>
    rows.push([section, item, metric, value]);
  add("period", "from", "date", figures.period.from);
  add("period", "to", "date", figures.period.to);
  add("period", "department", "id", figures.departmentId);
  add("publications", "total", "count", figures.publications.total);
  for (const row of figures.publications.byType) add("publications.type", row.key, "count", row.count);
  for (const row of figures.publications.byPublisher)
    add("publications.publisher", row.ru, "count", row.count);
  for (const row of figures.publications.byChannel) add("publications.channel", row.key, "count", row.count);
  for (const row of figures.audience) {
    add("audience", row.platform, "at_start", row.toFillIn ? TO_FILL_IN : row.atStart);
    add("audience", row.platform, "at_end", row.toFillIn ? TO_FILL_IN : row.atEnd);
  }
  add("incidents", "total", "received", figures.incidents.received);
  add("incidents", "total", "resolved", figures.incidents.resolved);
  add("incidents", "total", "rejected", figures.incidents.rejected);
  add("incidents", "inbox", "dismissed_messages", figures.incidents.dismissedMessages);
  for (const row of figures.incidents.byKind) {
    for (const metric of ["received", "resolved", "rejected", "forwarded", "open"] as const) {
      add("incidents.kind", row.category, metric, row[metric]);
    }
  }
  for (const row of figures.incidents.byChannel) add("incidents.channel", row.key, "received", row.count);
  for (const [index, label] of figures.incidents.timeline.labels.entries()) {
    add("incidents.timeline", label, "received", figures.incidents.timeline.counts[index] ?? 0);
  }
  add("first_reply", "all", "replied", figures.firstReply.replied);
  add("first_reply", "all", "unanswered", figures.firstReply.unanswered);
  add("first_reply", "all", "median_minutes", figures.firstReply.medianMinutes);
  add("first_reply", "all", "p90_minutes", figures.firstReply.p90Minutes);
  for (const bucket of figures.firstReply.buckets) {
    add("first_reply.bucket", `${bucket.fromMinutes}-${bucket.toMinutes ?? ""}`, "count", bucket.count);
  }
  const shares = (item: string, value: ReportFigures["deadlines"]["overall"]) => {
    add("deadlines", item, "two_hours_due", value.twoHoursDue);
    add("deadlines", item, "within_two_hours", value.withinTwoHours);
    add("deadlines", item, "share_within_two_hours", value.shareWithinTwoHours);
    add("deadlines", item, "platform_due", value.platformDue);
    add("deadlines", item, "within_platform_deadline", value.withinPlatformDeadline);
    add("deadlines", item, "share_within_platform_deadline", value.shareWithinPlatformDeadline);
  };
  shares("all", figures.deadlines.overall);
  for (const row of figures.deadlines.departments) shares(row.departmentName, row.overall);
  for (const row of figures.topics) {
    add("topics", row.stems.join(" "), "incidents", row.count);
    add(
      "topics",
      row.stems.join(" "),
      "materials",
      row.materials.map((material) => material.title).join("; "),
    );
  }
  for (const [metric, value] of Object.entries(figures.media)) add("media", "all", metric, value);
  return toCsv(["Раздел / Section", "Элемент / Item", "Показатель / Metric", "Значение / Value"], rows);
}

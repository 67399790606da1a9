import { requirePermission } from "@otklik/identity";
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { loadPublication } from "../storage/publication-record.js";
import { type HearingComment, listHearingComments } from "./comments.js";

/** The result protocol of a hearing: the figures and every comment with its decision. */
export const HearingProtocol = z.object({
  publicationId: z.string(),
  number: z.string(),
  date: z.string(),
  title: z.string(),
  counts: z.object({ received: z.number(), accepted: z.number(), rejected: z.number(), pending: z.number() }),
  rows: z.array(
    z.object({
      position: z.number(),
      subject: z.string(),
      text: z.string(),
      moderation: z.string(),
      decision: z.string(),
      answer: z.string(),
    }),
  ),
});
export type HearingProtocol = z.infer<typeof HearingProtocol>;

const MODERATION_WORDS: Record<HearingComment["moderation"], string> = {
  pending: "на рассмотрении",
  approved: "принято к рассмотрению",
  rejected: "отклонено",
};
const DECISION_WORDS = { accepted: "учтено", declined: "не учтено" } as const;

/**
 * Draws up the result protocol from the comments as they stand: received, accepted (passed
 * premoderation) and rejected counts, and the table of comments and decisions. Names are left
 * out: the protocol is published.
 */
export async function hearingProtocol(
  context: ContentContext,
  publicationId: string,
  options: { timeZone: string },
): Promise<HearingProtocol> {
  requirePermission(context.actor, "publication:edit");
  const row = await loadPublication(context.db, publicationId);
  const comments = await listHearingComments(context, publicationId);
  const now = context.clock.now();
  const date = new Intl.DateTimeFormat("ru-RU", { timeZone: options.timeZone, dateStyle: "long" }).format(
    now,
  );
  const fields = row.fields as { protocolNumber?: string };
  return {
    publicationId,
    number: fields.protocolNumber ?? `${now.getUTCFullYear()}/${row.id.slice(-6)}`,
    date,
    title: row.title,
    counts: {
      received: comments.length,
      accepted: comments.filter((comment) => comment.moderation === "approved").length,
      rejected: comments.filter((comment) => comment.moderation === "rejected").length,
      pending: comments.filter((comment) => comment.moderation === "pending").length,
    },
    rows: comments.map((comment, index) => ({
      position: index + 1,
      subject: comment.paragraph === null ? "Проект в целом" : `Пункт ${comment.paragraph + 1}`,
      text: comment.text,
      moderation: MODERATION_WORDS[comment.moderation],
      decision: comment.decision ? DECISION_WORDS[comment.decision] : "—",
      answer: comment.moderation === "rejected" ? (comment.rejectionReason ?? "") : (comment.answer ?? ""),
    })),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const HEADERS = ["№", "Предмет", "Замечание", "Модерация", "Решение", "Ответ / причина"];

/** The protocol as a standalone HTML page. */
export function protocolHtml(protocol: HearingProtocol): string {
  const rows = protocol.rows
    .map(
      (row) =>
        `<tr>${[String(row.position), row.subject, row.text, row.moderation, row.decision, row.answer]
          .map((cell) => `<td>${escapeHtml(cell)}</td>`)
          .join("")}</tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Протокол № ${escapeHtml(protocol.number)}</title></head>
<body>
<h1>Протокол общественных обсуждений № ${escapeHtml(protocol.number)}</h1>
<p>Дата: ${escapeHtml(protocol.date)}</p>
<p>Проект: ${escapeHtml(protocol.title)}</p>
<ul>
<li>Поступило замечаний: <span data-count="received">${protocol.counts.received}</span></li>
<li>Принято к рассмотрению: <span data-count="accepted">${protocol.counts.accepted}</span></li>
<li>Отклонено: <span data-count="rejected">${protocol.counts.rejected}</span></li>
</ul>
<table>
<thead><tr>${HEADERS.map((header) => `<th>${header}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body></html>
`;
}

const cell = (text: string) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun(text)] })] });

/** The protocol as a Word document (DOCX). */
export async function protocolDocx(protocol: HearingProtocol): Promise<Uint8Array<ArrayBuffer>> {
  const document = new Document({
    creator: "Otklik",
    title: `Протокол № ${protocol.number}`,
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            alignment: AlignmentType.CENTER,
            children: [new TextRun(`Протокол общественных обсуждений № ${protocol.number}`)],
          }),
          new Paragraph({ children: [new TextRun(`Дата: ${protocol.date}`)] }),
          new Paragraph({ children: [new TextRun(`Проект: ${protocol.title}`)] }),
          new Paragraph({ children: [new TextRun(`Поступило замечаний: ${protocol.counts.received}`)] }),
          new Paragraph({ children: [new TextRun(`Принято к рассмотрению: ${protocol.counts.accepted}`)] }),
          new Paragraph({ children: [new TextRun(`Отклонено: ${protocol.counts.rejected}`)] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: HEADERS.map(cell) }),
              ...protocol.rows.map(
                (row) =>
                  new TableRow({
                    children: [
                      String(row.position),
                      row.subject,
                      row.text,
                      row.moderation,
                      row.decision,
                      row.answer,
                    ].map(cell),
                  }),
              ),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

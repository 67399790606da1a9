import type { ReactElement } from "react";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { Bilingual } from "./Bilingual.js";

export interface BilingualText {
  ru: string;
  en: string;
}

export interface NoticePageProps {
  page: PageContext;
  heading: BilingualText;
  text: BilingualText;
  link: BilingualText & { href: string };
  /** An alert is announced by screen readers at once: used when something is broken, not for a 404. */
  alert?: boolean;
}

/** A page that says one thing in both languages: not found, temporarily unavailable, broken. */
export function NoticePage({ page, heading, text, link, alert }: NoticePageProps): ReactElement {
  return (
    <Document page={page} title={`${heading.ru} / ${heading.en}`} description={`${text.ru} / ${text.en}`}>
      <div className="notice" role={alert ? "alert" : undefined}>
        <h1>
          <Bilingual {...heading} />
        </h1>
        <p>
          <Bilingual {...text} />
        </p>
        <p>
          <a href={link.href}>
            <Bilingual ru={link.ru} en={link.en} />
          </a>
        </p>
      </div>
    </Document>
  );
}

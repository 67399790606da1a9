import type { ReactElement } from "react";
import { POS_SCRIPT_URL } from "../assets/enhancement-scripts.js";
import { tr } from "../i18n/texts.js";
import type { PageContext } from "../layout/page-context.js";

/** The scripts a page with the ПОС widget loads (Gosuslugi's, then ours that starts it); none when not configured. */
export function posScripts(page: PageContext): string[] {
  return page.pos ? [POS_SCRIPT_URL, page.pos.startScriptPath] : [];
}

/**
 * The Gosuslugi feedback platform (ПОС) banner, only where the city configured its widget: the
 * button opens Gosuslugi's form (their script, started by ours with the widget's id); without
 * JavaScript a plain link leads there. The text says how it differs from a report here and from
 * a formal appeal under 59-FZ.
 */
export function PosWidget({ page }: { page: PageContext }): ReactElement | null {
  const { pos } = page;
  if (!pos) return null;
  const { language } = page.preferences;
  const link = tr(language, {
    ru: "Открыть платформу обратной связи на Госуслугах",
    en: "Open the feedback platform on Gosuslugi",
  });
  return (
    <section className="pos-widget" aria-labelledby="pos-widget-title" data-testid="pos-widget">
      <h2 id="pos-widget-title">
        {tr(language, {
          ru: "Госуслуги «Решаем вместе»",
          en: "Gosuslugi “Solving together” (feedback platform)",
        })}
      </h2>
      <p>
        {tr(language, {
          ru: "Сообщить о проблеме можно и через платформу обратной связи Госуслуг (ПОС) — со входом через Госуслуги. Ответ придёт в личный кабинет Госуслуг. Официальное обращение по 59-ФЗ — через интернет-приёмную.",
          en: "You can also report a problem through the Gosuslugi feedback platform (ПОС), signing in with Gosuslugi; the answer comes to your Gosuslugi account. A formal appeal under 59-FZ goes through the internet reception.",
        })}
      </p>
      <div id="js-show-iframe-wrapper" data-widget-id={String(pos.widgetId)} hidden>
        <button className="pos-banner-btn_2" type="button">
          {tr(language, { ru: "Сообщить через Госуслуги", en: "Report through Gosuslugi" })}
        </button>
      </div>
      <noscript>
        <p>
          <a href={pos.linkUrl} data-testid="pos-link">
            {link}
          </a>
        </p>
      </noscript>
      <p className="pos-fallback" hidden>
        <a href={pos.linkUrl}>{link}</a>
      </p>
    </section>
  );
}

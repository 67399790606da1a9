import type { ReactElement } from "react";
import type { PageContext } from "../layout/page-context.js";
import { NoticePage } from "./NoticePage.js";

/** Shown with a 503 when the API cannot be reached: the reader learns it is temporary and what to do. */
export function UnavailablePage({ page }: { page: PageContext }): ReactElement {
  return (
    <NoticePage
      page={page}
      alert
      heading={{ ru: "Сайт временно недоступен", en: "The site is temporarily unavailable" }}
      text={{
        ru: "Не удалось получить сведения с сервера. Попробуйте обновить страницу через минуту.",
        en: "We could not get the information from our server. Please reload the page in a minute.",
      }}
      link={{ href: page.currentPath, ru: "Обновить страницу", en: "Reload the page" }}
    />
  );
}

import type { ReactElement } from "react";
import type { PageContext } from "../layout/page-context.js";
import { NoticePage } from "./NoticePage.js";

export function ServerErrorPage({ page }: { page: PageContext }): ReactElement {
  return (
    <NoticePage
      page={page}
      alert
      heading={{ ru: "Внутренняя ошибка сайта", en: "Internal site error" }}
      text={{
        ru: "Страницу не удалось показать. Попробуйте позже или перейдите на главную.",
        en: "The page could not be shown. Please try again later or go to the home page.",
      }}
      link={{ href: "/", ru: "Перейти на главную страницу", en: "Go to the home page" }}
    />
  );
}

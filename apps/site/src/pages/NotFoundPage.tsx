import type { ReactElement } from "react";
import type { PageContext } from "../layout/page-context.js";
import { NoticePage } from "./NoticePage.js";

export function NotFoundPage({ page }: { page: PageContext }): ReactElement {
  return (
    <NoticePage
      page={page}
      heading={{ ru: "Страница не найдена", en: "Page not found" }}
      text={{
        ru: "Возможно, страница перенесена или в адресе есть опечатка.",
        en: "The page may have moved, or the address has a typo.",
      }}
      link={{ href: "/", ru: "Перейти на главную страницу", en: "Go to the home page" }}
    />
  );
}

import type { ReactElement } from "react";
import type { PageContext } from "../layout/page-context.js";
import { NoticePage } from "./NoticePage.js";

/** A page address with a query the site cannot understand: says which part and how to fix it. */
export function BadRequestPage({
  page,
  problem,
}: {
  page: PageContext;
  problem: { ru: string; en: string };
}): ReactElement {
  return (
    <NoticePage
      page={page}
      heading={{ ru: "Неверный адрес страницы", en: "Invalid page address" }}
      text={problem}
      link={{
        href: page.currentPath.split("?")[0] ?? "/",
        ru: "Открыть страницу без условий",
        en: "Open the page without conditions",
      }}
    />
  );
}

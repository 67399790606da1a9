import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";

/** Renders a page to a complete HTML document. No client script is shipped: the markup is the site. */
export function renderPage(page: ReactElement): string {
  return `<!DOCTYPE html>${renderToString(page)}`;
}

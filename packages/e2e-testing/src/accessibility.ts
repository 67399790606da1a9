import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface AxeResults {
  violations: { id: string; help: string; nodes: { target: unknown[] }[] }[];
}

/** Runs axe-core's WCAG 2.1 AA rules on the page as it is now; answers "rule: help (targets)" lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const present = await page.evaluate(() => "axe" in globalThis);
  // Evaluated through the browser's debugging protocol, not as a <script>: a page's security policy
  // (the admin's and the site's forbid inline scripts) does not apply to it.
  if (!present) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) =>
      // Runs in the page; typed without the DOM library, which the Node projects do not load.
      (
        globalThis as unknown as {
          document: unknown;
          axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> };
        }
      ).axe.run((globalThis as unknown as { document: unknown }).document, {
        runOnly: { type: "tag", values: tags },
      }),
    WCAG_21_AA,
  );
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(", ")})`,
  );
}

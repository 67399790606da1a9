import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ApiStatus } from "./api-status.js";
import { StatusPanel } from "./StatusPanel.js";

const healthy: ApiStatus = {
  kind: "checked",
  checkedAt: new Date("2026-11-27T10:05:09Z"),
  health: { status: "ok", service: "otklik-api", version: "0.1.0", time: "2026-11-27T10:05:09Z" },
  readiness: { status: "ready", database: "pglite" },
  city: { name: { ru: "Абакан", en: "Abakan" }, timeZone: "Asia/Krasnoyarsk" },
};

function render(status: ApiStatus, language: "ru" | "en" = "ru"): string {
  return renderToString(
    <StatusPanel
      status={status}
      language={language}
      fallbackTimeZone="Asia/Krasnoyarsk"
      onCheckAgain={() => {}}
    />,
  );
}

describe("StatusPanel", () => {
  it("shows a working API, its version and its database in Russian", () => {
    const html = render(healthy);
    expect(html).toContain("Состояние системы");
    expect(html).toMatch(/data-testid="api-health"[^>]*>Работает</);
    expect(html).toMatch(/data-testid="api-version"[^>]*>0\.1\.0</);
    expect(html).toMatch(/data-testid="api-database"[^>]*>Готова \(PGlite\)</);
  });

  it("shows the check time on the city's clock", () => {
    expect(render(healthy)).toMatch(/27 ноября.*17:05:09/);
  });

  it("speaks English when asked", () => {
    const html = render(healthy, "en");
    expect(html).toContain("System status");
    expect(html).toContain("Ready (PGlite)");
  });

  it("says plainly that the API is unavailable", () => {
    const html = render({ ...healthy, health: undefined, readiness: undefined, city: undefined });
    expect(html).toMatch(/data-testid="api-health"[^>]*>Недоступен</);
    expect(html).toMatch(/data-testid="api-database"[^>]*>Не готова</);
  });

  it("announces that a check is running", () => {
    const html = render({ kind: "loading" });
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain("Проверяем…");
  });
});

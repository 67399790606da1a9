import { type ComponentType, type ReactElement, Suspense } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { lazyScreen } from "./lazy-screen.js";

function Ready(): ReactElement {
  return <p>Очередь</p>;
}

function page(Screen: ComponentType): string {
  return renderToString(
    <Suspense fallback={<p>Загрузка…</p>}>
      <Screen />
    </Suspense>,
  );
}

describe("lazyScreen", () => {
  it("renders a preloaded screen at once, without its loading panel", async () => {
    const Screen = lazyScreen(async () => ({ default: Ready }));
    await Screen.preload();
    expect(page(Screen)).toContain("Очередь");
    expect(page(Screen)).not.toContain("Загрузка");
  });

  it("shows the loading panel for a screen that was not preloaded", () => {
    const Screen = lazyScreen(async () => ({ default: Ready }));
    expect(page(Screen)).toContain("Загрузка");
  });

  it("downloads a screen once however often it is preloaded", async () => {
    let downloads = 0;
    const Screen = lazyScreen(async () => {
      downloads += 1;
      return { default: Ready };
    });
    await Promise.all([Screen.preload(), Screen.preload()]);
    await Screen.preload();
    expect(downloads).toBe(1);
  });

  it("tries a failed download again on the next preload", async () => {
    let attempts = 0;
    const Screen = lazyScreen(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("chunk not reached");
      return { default: Ready };
    });
    await expect(Screen.preload()).rejects.toThrow("chunk not reached");
    await Screen.preload();
    expect(attempts).toBe(2);
    expect(page(Screen)).toContain("Очередь");
  });

  it("preloads the screen inside an area at the path given", async () => {
    const asked: string[] = [];
    const Area = lazyScreen(async () => ({
      default: Ready,
      preloadScreen: async (path: string) => {
        asked.push(path);
      },
    }));
    await Area.preload("/inc_1");
    expect(asked).toEqual(["/inc_1"]);
  });
});

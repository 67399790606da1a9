import { describe, expect, it } from "vitest";
import { safeReturnPath, switchLink } from "./routes.js";

describe("safeReturnPath", () => {
  it("keeps a path of this site, query included", () => {
    expect(safeReturnPath("/search?q=%D1%8F%D0%BC%D0%B0")).toBe("/search?q=%D1%8F%D0%BC%D0%B0");
  });

  it.each([
    undefined,
    "",
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
  ])("sends %s home instead of away", (value) => {
    expect(safeReturnPath(value)).toBe("/");
  });
});

describe("switchLink", () => {
  it("carries the value and the way back", () => {
    expect(switchLink("/settings/vision", "white-on-black", "/news?page=2")).toBe(
      "/settings/vision?value=white-on-black&back=%2Fnews%3Fpage%3D2",
    );
  });
});

import { describe, expect, it } from "vitest";
import { formatPhone } from "./format-phone.js";

describe("formatPhone", () => {
  it("groups a city number as people dial it", () => {
    expect(formatPhone("+73902223344")).toBe("+7 3902 22-33-44");
  });

  it("leaves any other number as the API gave it", () => {
    expect(formatPhone("8 800 200-00-00")).toBe("8 800 200-00-00");
  });
});

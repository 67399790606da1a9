import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable.js";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("knows a server that is down, restarting or dropping the connection", () => {
    for (const code of [
      "ECONNREFUSED",
      "ECONNRESET",
      "EPIPE",
      "57P01",
      "57P02",
      "57P03",
      "08006",
      "08001",
      "53300",
    ]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error("Client has encountered a connection error and is not queryable")),
    ).toBe(true);
  });

  it("looks through wrappers (Drizzle's query error keeps the driver's as its cause)", () => {
    const wrapped = new Error("Failed query: insert into …", { cause: withCode("57P01") });
    expect(isDatabaseUnavailable(new Error("outer", { cause: wrapped }))).toBe(true);
  });

  it("leaves a wrong statement, a conflict or anything else to the caller", () => {
    for (const code of ["23505", "42P01", "22P02", "40001", "40P01"]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
    const loop: Error & { cause?: unknown } = new Error("loop");
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});

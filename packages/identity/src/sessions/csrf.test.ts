import { describe, expect, it } from "vitest";
import { sameSecret } from "../secrets/secrets.js";
import { crossSiteProblem, csrfProblem } from "./csrf.js";

const own = ["http://localhost:3001"];
const write = (overrides: Partial<Parameters<typeof csrfProblem>[0]> = {}) =>
  csrfProblem(
    {
      method: "POST",
      origin: "http://localhost:3001",
      fetchSite: "same-origin",
      ownOrigins: own,
      csrfHeader: "token-1",
      sessionCsrfToken: "token-1",
      ...overrides,
    },
    sameSecret,
  );

describe("CSRF rules for cookie-authenticated requests", () => {
  it("lets reads through without a token", () => {
    expect(write({ method: "GET", csrfHeader: undefined, fetchSite: "cross-site" })).toBeUndefined();
  });

  it("lets a same-origin write with the session's token through", () => {
    expect(write()).toBeUndefined();
  });

  it("refuses a write without the token or with another session's", () => {
    expect(write({ csrfHeader: undefined })).toMatch(/X-CSRF-Token/);
    expect(write({ csrfHeader: "token-2" })).toMatch(/Неверный X-CSRF-Token/);
  });

  it("refuses a write the browser marks cross-site or from a foreign origin, even with a token", () => {
    expect(write({ fetchSite: "cross-site", origin: "https://evil.example" })).toMatch(/другого сайта/);
    expect(write({ fetchSite: undefined, origin: "https://evil.example" })).toMatch(/чужого источника/);
    expect(write({ origin: "null" })).toMatch(/чужого источника/);
  });

  it("trusts a request of a non-browser client that sends neither header", () => {
    expect(crossSiteProblem({ origin: undefined, fetchSite: undefined, ownOrigins: own })).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_STATUS, httpStatus, isOtklikError, OtklikError } from "./errors.js";
import { fromZodError } from "./zod.js";

describe("error codes", () => {
  it("map to the statuses of the REST contract", () => {
    expect(httpStatus("not_found")).toBe(404);
    expect(httpStatus("validation_failed")).toBe(422);
    expect(httpStatus("rate_limited")).toBe(429);
    expect(Object.values(ERROR_STATUS).filter((status) => status >= 500)).toEqual([500, 503]);
  });

  it("are recognised across package copies by name and code", () => {
    const foreign = Object.assign(new Error("x"), { name: "OtklikError", code: "conflict" });
    expect(isOtklikError(foreign)).toBe(true);
    expect(isOtklikError(new Error("plain"))).toBe(false);
  });

  it("turn zod failures into a validation error naming the field", () => {
    const result = z.object({ source: z.object({ network: z.enum(["vk", "ok"]) }) }).safeParse({
      source: { network: "fb" },
    });
    expect(result.success).toBe(false);
    const error = fromZodError(result.error!);
    expect(error).toBeInstanceOf(OtklikError);
    expect(error.code).toBe("validation_failed");
    expect(error.message).toContain("source.network");
    expect(error.details?.[0]?.path).toEqual(["source", "network"]);
  });
});

import { describe, expect, it } from "vitest";
import {
  decodeCursor,
  Email,
  encodeCursor,
  IsoInstant,
  NonEmptyText,
  Pagination,
  RussianPhone,
} from "./primitives.js";

describe("shared primitives", () => {
  it("trim text and refuse blank text", () => {
    expect(NonEmptyText.parse("  яма у дома  ")).toBe("яма у дома");
    expect(NonEmptyText.safeParse("   ").success).toBe(false);
  });

  it("normalise Russian phone numbers in their usual spellings", () => {
    expect(RussianPhone.parse("8 (3902) 22-33-44")).toBe("+73902223344");
    expect(RussianPhone.parse("+7 913 123-45-67")).toBe("+79131234567");
    expect(RussianPhone.safeParse("+1 555 123 4567").success).toBe(false);
    expect(RussianPhone.safeParse("12345").success).toBe(false);
  });

  it("lower-case e-mail and refuse non-addresses with a bilingual message", () => {
    expect(Email.parse(" Press@Abakan.RU ")).toBe("press@abakan.ru");
    const result = Email.safeParse("not-an-email");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/электронной почты.*e-mail/);
  });

  it("read instants only with a zone", () => {
    expect(IsoInstant.parse("2026-11-27T16:00:00+07:00").toISOString()).toBe("2026-11-27T09:00:00.000Z");
    expect(IsoInstant.safeParse("2026-11-27T16:00:00").success).toBe(false);
    expect(IsoInstant.safeParse("вчера").success).toBe(false);
  });

  it("bound list sizes and default them", () => {
    expect(Pagination.parse({})).toEqual({ limit: 20 });
    expect(Pagination.parse({ limit: "50" }).limit).toBe(50);
    expect(Pagination.safeParse({ limit: "500" }).success).toBe(false);
    expect(Pagination.safeParse({ limit: "ten" }).success).toBe(false);
  });

  it("round-trip cursors and reject forged ones", () => {
    const cursor = encodeCursor({ createdAt: "2026-11-27T09:00:00.000Z", id: "inc_1" });
    expect(decodeCursor(cursor)).toEqual({ createdAt: "2026-11-27T09:00:00.000Z", id: "inc_1" });
    expect(decodeCursor("%%%")).toBeUndefined();
    expect(decodeCursor(Buffer.from("[1,2]").toString("base64url"))).toBeUndefined();
  });
});

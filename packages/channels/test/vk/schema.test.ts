import { describe, expect, it } from "vitest";
import { vkSchemas } from "./schema.js";

describe("VK's JSON Schemas as loaded for tests", () => {
  it("accept a well-formed wall.post call and refuse unknown or mistyped parameters", () => {
    const schemas = vkSchemas();
    const good = new URLSearchParams({
      owner_id: "-1",
      from_group: "1",
      message: "Текст",
      guid: "k1",
      access_token: "t",
      v: "5.199",
    });
    expect(schemas.validateCall("wall.post", good)).toMatchObject({ ok: true });
    expect(schemas.validateCall("wall.post", new URLSearchParams({ owner_id: "x" })).ok).toBe(false);
    expect(schemas.validateCall("wall.post", new URLSearchParams({ invented: "1" })).ok).toBe(false);
  });

  it("check responses, with draft-03 `required: true` enforced", () => {
    const schemas = vkSchemas();
    expect(schemas.validateResponse("wall.post", { response: { post_id: 5 } })).toBeUndefined();
    expect(schemas.validateResponse("wall.post", { response: {} })).toMatch(/post_id/);
  });
});

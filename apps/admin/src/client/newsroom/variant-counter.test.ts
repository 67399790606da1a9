import { describe, expect, it } from "vitest";
import type { VariantLimits } from "./newsroom-api.js";
import { countPost, photoLines } from "./variant-counter.js";

const LIMITS: VariantLimits[] = [
  { platform: "vk", textLength: 16_384, captionLength: 16_384, photoCount: 10 },
  { platform: "telegram", textLength: 4096, captionLength: 1024, photoCount: 10 },
];

describe("the post counter", () => {
  it("counts against the text limit, and the caption limit once there are photos", () => {
    expect(countPost("telegram", "а".repeat(1000), 0, LIMITS)).toMatchObject({
      limit: 4096,
      remaining: 3096,
      caption: false,
      fits: true,
    });
    expect(countPost("telegram", "а".repeat(1030), 1, LIMITS)).toMatchObject({
      limit: 1024,
      remaining: -6,
      caption: true,
      fits: false,
    });
  });

  it("counts UTF-16 units like the API (an emoji is two)", () => {
    expect(countPost("vk", "😀", 0, LIMITS).length).toBe(2);
  });

  it("refuses too many photos and shows the length alone without limits", () => {
    expect(countPost("vk", "текст", 11, LIMITS)).toMatchObject({ tooManyPhotos: true, fits: false });
    expect(countPost("ok", "текст", 0, undefined)).toMatchObject({ limit: undefined, fits: true, length: 5 });
    expect(photoLines(" https://a.example/1.jpg \n\nhttps://a.example/2.jpg")).toEqual([
      "https://a.example/1.jpg",
      "https://a.example/2.jpg",
    ]);
  });
});

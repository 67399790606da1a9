import { describe, expect, it } from "vitest";
import { reasonText } from "./reason.js";

describe("a delivery's reason", () => {
  it("drops the code and keeps the interface's language", () => {
    const noAddress = "no_address: нет адреса для канала / no address for telegram";
    expect(reasonText(noAddress, "ru")).toBe("нет адреса для канала");
    expect(reasonText(noAddress, "en")).toBe("no address for telegram");
    const quiet = "quiet_hours: отложено до конца тихих часов / deferred to the end of quiet hours";
    expect(reasonText(quiet, "ru")).toBe("отложено до конца тихих часов");
    expect(reasonText(quiet, "en")).toBe("deferred to the end of quiet hours");
  });

  it("reads a final failure after retries in one language", () => {
    const failed = "temporary: SMTP недоступен / SMTP unavailable (после 8 попыток / after 8 attempts)";
    expect(reasonText(failed, "ru")).toBe("SMTP недоступен (после 8 попыток)");
    expect(reasonText(failed, "en")).toBe("SMTP unavailable (after 8 attempts)");
  });

  it("keeps a sender's own message as it came", () => {
    expect(reasonText("attempt 2: connect ECONNREFUSED 127.0.0.1:25", "en")).toBe(
      "attempt 2: connect ECONNREFUSED 127.0.0.1:25",
    );
    expect(reasonText("HTTP 403: Forbidden: bot was blocked by the user", "ru")).toBe(
      "HTTP 403: Forbidden: bot was blocked by the user",
    );
  });
});

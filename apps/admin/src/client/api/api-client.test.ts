import { describe, expect, it } from "vitest";
import { ApiError, createApiClient, errorMessage, fieldErrors, localise, withQuery } from "./api-client.js";

interface Sent {
  url: string;
  init: RequestInit;
}

function recording(answer: () => Response | Promise<Response>): { sent: Sent[]; fetch: typeof fetch } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (input, init) => {
      sent.push({ url: String(input), init: init ?? {} });
      return answer();
    },
  };
}

const headersOf = (sent: Sent | undefined) => (sent?.init.headers ?? {}) as Record<string, string>;

describe("the API client", () => {
  it("sends the CSRF token on writes only", async () => {
    const { sent, fetch } = recording(() => Response.json({ ok: true }));
    const api = createApiClient({ csrfToken: () => "csrf-1", fetch });
    await api.get("/api/v1/users", { limit: 20, cursor: undefined });
    await api.post("/api/v1/users", { email: "a@b.ru" });
    await api.patch("/api/v1/users/usr_1", { active: false });
    await api.delete("/api/v1/tokens/tok_1");
    expect(sent.map((request) => `${request.init.method} ${request.url}`)).toEqual([
      "GET /api/v1/users?limit=20",
      "POST /api/v1/users",
      "PATCH /api/v1/users/usr_1",
      "DELETE /api/v1/tokens/tok_1",
    ]);
    expect(headersOf(sent[0])["x-csrf-token"]).toBeUndefined();
    expect(sent.slice(1).map((request) => headersOf(request)["x-csrf-token"])).toEqual([
      "csrf-1",
      "csrf-1",
      "csrf-1",
    ]);
    expect(sent[1]?.init.body).toBe('{"email":"a@b.ru"}');
    expect(headersOf(sent[1])["content-type"]).toBe("application/json");
  });

  it("uploads a file as multipart, leaving the boundary to the form, with the CSRF token", async () => {
    const { sent, fetch } = recording(() => Response.json({ duplicate: false }, { status: 201 }));
    const api = createApiClient({ csrfToken: () => "csrf-2", fetch });
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" }), "fix.jpg");
    await api.upload("/api/v1/incidents/inc_1/media", form);
    expect(sent[0]?.init.method).toBe("POST");
    expect(sent[0]?.init.body).toBe(form);
    expect(headersOf(sent[0])["content-type"]).toBeUndefined();
    expect(headersOf(sent[0])["x-csrf-token"]).toBe("csrf-2");
  });

  it("answers nothing for 204", async () => {
    const { fetch } = recording(() => new Response(null, { status: 204 }));
    const api = createApiClient({ csrfToken: () => "t", fetch });
    await expect(api.post("/api/v1/auth/logout")).resolves.toBeUndefined();
  });

  it("turns the error contract into an ApiError with its fields and wait", async () => {
    const { fetch } = recording(() =>
      Response.json(
        {
          error: {
            code: "validation_failed",
            message: "Неверные данные / Invalid input",
            details: [
              { path: ["email"], message: "Неверный адрес электронной почты / Invalid e-mail address" },
              { path: ["contacts", "phone"], message: "Неверный номер / Wrong number" },
              { path: ["email"], message: "второе / second" },
            ],
            requestId: "req_1",
          },
        },
        { status: 422, headers: { "retry-after": "120" } },
      ),
    );
    const api = createApiClient({ csrfToken: () => undefined, fetch });
    const error = await api.post("/api/v1/users", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: "validation_failed", requestId: "req_1" });
    expect((error as ApiError).retryAfterSeconds).toBe(120);
    expect(fieldErrors(error, "ru")).toEqual({
      email: "Неверный адрес электронной почты",
      "contacts.phone": "Неверный номер",
    });
    expect(fieldErrors(error, "en").email).toBe("Invalid e-mail address");
    expect(errorMessage(error, "en")).toBe("Invalid input");
  });

  it("reports an unreachable API or a body that is not the contract as 'unavailable'", async () => {
    const down = createApiClient({
      csrfToken: () => undefined,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    const error = await down.get("/api/v1/auth/me").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: "unavailable" });
    expect(errorMessage(error, "ru")).toBe("API недоступен, повторите попытку");

    const { fetch } = recording(() => new Response("<html>bad gateway</html>", { status: 502 }));
    const proxied = await createApiClient({ csrfToken: () => undefined, fetch })
      .get("/api/health")
      .catch((caught: unknown) => caught);
    expect(proxied).toMatchObject({ status: 502, code: "unavailable" });
    expect(fieldErrors(proxied, "ru")).toEqual({});
  });

  it("picks the interface's language from the API's bilingual texts", () => {
    expect(localise("Недостаточно прав / Not allowed", "ru")).toBe("Недостаточно прав");
    expect(localise("Недостаточно прав / Not allowed", "en")).toBe("Not allowed");
    expect(localise("plain", "en")).toBe("plain");
    expect(withQuery("/x", { a: "", b: 2 })).toBe("/x?b=2");
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closedPort } from "../../test/servers/closed-port.js";
import { type LocalSmtp, startLocalSmtp } from "../../test/servers/smtp-server.js";
import { isDeliveryError } from "../connector/delivery-error.js";
import { createEmailConnector } from "./connector.js";

const PASSWORD = "smtp-SECRET-password";
let smtp: LocalSmtp;
beforeEach(async () => {
  smtp = await startLocalSmtp({ username: "pr@abakan.example", password: PASSWORD });
});
afterEach(async () => {
  await smtp.close();
});

const connector = (options: { password?: string; port?: number; timeoutMilliseconds?: number } = {}) =>
  createEmailConnector({
    settings: {
      host: "127.0.0.1",
      port: options.port ?? smtp.port,
      secure: false,
      user: "pr@abakan.example",
      from: '"Администрация г. Абакана" <pr@abakan.example>',
    },
    secrets: { password: options.password ?? PASSWORD },
    ...(options.timeoutMilliseconds ? { timeoutMilliseconds: options.timeoutMilliseconds } : {}),
  });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDeliveryError(error)) return { kind: error.kind, code: error.platformCode, message: error.message };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("e-mail over SMTP", () => {
  it("sends a letter with HTML, plain text and an attachment, read back by a real SMTP server", async () => {
    const email = connector();
    const pdf = new TextEncoder().encode("%PDF-1.4 пресс-релиз");
    const item = await email.sender.send(
      {
        to: ["editor@gazeta.example", "tv@abakan-tv.example"],
        subject: "Пресс-релиз: ремонт дорог в Абакане",
        html: "<h1>Ремонт дорог</h1><p>Начинается <b>1 июня</b>.</p>",
        text: "Ремонт дорог\nНачинается 1 июня.",
        attachments: [{ filename: "пресс-релиз.pdf", contentType: "application/pdf", data: pdf }],
      },
      "ntf_01JD:email",
    );
    email.sender.close();
    expect(item.platformId).toBe("<ntf_01JD_email@abakan.example>");
    const [mail] = smtp.received;
    expect(mail?.subject).toBe("Пресс-релиз: ремонт дорог в Абакане");
    expect(mail?.from?.text).toBe('"Администрация г. Абакана" <pr@abakan.example>');
    expect(mail?.html).toContain("<b>1 июня</b>");
    expect(mail?.text?.trim()).toBe("Ремонт дорог\nНачинается 1 июня.");
    expect(mail?.messageId).toBe("<ntf_01JD_email@abakan.example>");
    expect(
      mail?.attachments.map((attachment) => [
        attachment.filename,
        attachment.contentType,
        attachment.content.toString("utf8"),
      ]),
    ).toEqual([["пресс-релиз.pdf", "application/pdf", "%PDF-1.4 пресс-релиз"]]);
    expect(smtp.logins).toEqual([{ username: "pr@abakan.example", password: PASSWORD }]);
  });

  it("answers through the generic connector shape with both parts", async () => {
    const email = connector();
    await email.sendReply!(
      { text: "Ответ <на ваше> обращение", conversationId: "citizen@mail.example" },
      { idempotencyKey: "inc_1" },
    );
    email.sender.close();
    expect(smtp.received[0]?.html).toContain("Ответ &lt;на ваше&gt; обращение");
  });

  it("a wrong password is a broken connection, and the error does not carry the password", async () => {
    const email = connector({ password: "wrong-password" });
    const error = await failure(
      email.sender.send({ to: "a@b.example", subject: "s", html: "<p>x</p>", text: "x" }, "k"),
    );
    email.sender.close();
    expect(error).toMatchObject({ kind: "token_invalid", code: "EAUTH" });
    expect(error.message).not.toContain("wrong-password");
  });

  it("a 4xx reply is temporary, a 5xx reply final", async () => {
    const email = connector();
    smtp.nextFault = { kind: "reply", code: 451, message: "Try again later" };
    expect(
      await failure(email.sender.send({ to: "a@b.example", subject: "s", html: "x", text: "x" }, "k1")),
    ).toMatchObject({ kind: "temporary", code: "451" });
    smtp.nextFault = { kind: "reply", code: 550, message: "Mailbox unavailable" };
    expect(
      await failure(email.sender.send({ to: "a@b.example", subject: "s", html: "x", text: "x" }, "k2")),
    ).toMatchObject({ kind: "invalid_request", code: "550" });
    email.sender.close();
  });

  it("a refused connection is temporary; a relay that goes silent after the data is an unknown outcome", async () => {
    const refused = connector({ port: await closedPort() });
    expect(
      await failure(refused.sender.send({ to: "a@b.example", subject: "s", html: "x", text: "x" }, "k")),
    ).toMatchObject({ kind: "temporary" });
    refused.sender.close();
    const email = connector({ timeoutMilliseconds: 300 });
    smtp.nextFault = { kind: "hang" };
    expect(
      await failure(email.sender.send({ to: "a@b.example", subject: "s", html: "x", text: "x" }, "k3")),
    ).toMatchObject({ kind: "unknown_outcome" });
    email.sender.close();
  });

  it("tests the connection by logging in", async () => {
    expect(await connector().testConnection()).toMatchObject({ healthy: true });
    expect(await connector({ password: "nope" }).testConnection()).toMatchObject({ healthy: false });
  });
});

import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { pino } from "pino";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSendMail } from "./mail.js";

const received: string[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push(Buffer.concat(chunks).toString("utf8"));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("sends a letter with both parts through the relay named by OTKLIK_SMTP_URL", async () => {
  const sendMail = createSendMail({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: '"Отклик" <noreply@abakan.example>',
    logger: pino({ level: "silent" }),
  });
  await sendMail({
    to: "operator@demo.otklik.ru",
    subject: "Сброс пароля / Password reset",
    text: "Ссылка: https://admin.example/reset-password?token=abc",
    html: '<p>Ссылка: <a href="https://admin.example/reset-password?token=abc">сбросить</a></p>',
  });
  expect(received).toHaveLength(1);
  const letter = await simpleParser(received[0]!);
  expect(letter.subject).toBe("Сброс пароля / Password reset");
  expect(letter.text).toContain("reset-password?token=abc");
  expect(letter.html).toContain("<a href=");
  expect(letter.from?.text).toContain("noreply@abakan.example");
});

it("refuses to pretend a letter went out when no relay is configured", async () => {
  const sendMail = createSendMail({ from: "noreply@abakan.example", logger: pino({ level: "silent" }) });
  await expect(sendMail({ to: "a@b.ru", subject: "s", text: "t", html: "<p>t</p>" })).rejects.toThrow(
    /OTKLIK_SMTP_URL/,
  );
});

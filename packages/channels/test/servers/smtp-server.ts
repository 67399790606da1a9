import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server (the `smtp-server` package) that keeps what it receives, parsed by mailparser. */
export interface LocalSmtp {
  port: number;
  received: ParsedMail[];
  logins: { username: string; password: string }[];
  /** Make the next message fail with this SMTP reply, or never answer after its data. */
  nextFault: { kind: "reply"; code: number; message: string } | { kind: "hang" } | undefined;
  close(): Promise<void>;
}

/** Starts the server on a free port, with AUTH PLAIN/LOGIN over plain TCP (tests only). */
export async function startLocalSmtp(options: { username: string; password: string }): Promise<LocalSmtp> {
  const state: LocalSmtp = {
    port: 0,
    received: [],
    logins: [],
    nextFault: undefined,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      state.logins.push({ username: auth.username ?? "", password: auth.password ?? "" });
      if (auth.username === options.username && auth.password === options.password)
        callback(null, { user: auth.username });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      const fault = state.nextFault;
      state.nextFault = undefined;
      simpleParser(stream)
        .then((mail) => {
          state.received.push(mail);
          if (fault?.kind === "hang") return;
          if (fault?.kind === "reply")
            callback(Object.assign(new Error(fault.message), { responseCode: fault.code }));
          else callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.server.address() as AddressInfo).port;
  return state;
}

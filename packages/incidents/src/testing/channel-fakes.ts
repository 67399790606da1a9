// Test-only (not exported): the local servers that speak VK's, Telegram's and the incident platform's
// protocols, from @otklik/channels' own tests (packages/channels/test/servers). They are loaded at run
// time so that this package's type check stays inside its own folder; the shapes used here are typed below.
import { fileURLToPath, pathToFileURL } from "node:url";

/** What every local protocol server offers. */
export interface FakeServer {
  url: string;
  /** Faults to inject into the next matching request (`answer`, `wall.createComment`, `sendMessage`…). */
  faults: {
    operation: string;
    fault: "rate_limit" | "timeout" | "server_error" | "token" | "captcha" | "denied";
  }[];
  /** Requests the server refused as malformed. */
  violations: string[];
  close(): Promise<void>;
}

export interface FakeVk extends FakeServer {
  comments: { id: number; postId: number; text: string; replyTo?: number }[];
  messages: { peerId: number; text: string; randomId: number }[];
}

export interface FakeTelegram extends FakeServer {
  messages: { chatId: string; messageId: number; text?: string; replyTo?: number }[];
}

export interface FakePlatform extends FakeServer {
  answers: {
    incidentId: string;
    answer: { answerId: string; text: string; attachments?: { type: string; url: string }[] };
  }[];
}

const SERVERS = fileURLToPath(new URL("../../../channels/test/servers/", import.meta.url));

async function load<Module>(file: string): Promise<Module> {
  return (await import(pathToFileURL(`${SERVERS}${file}`).href)) as Module;
}

export async function startFakeVk(options: {
  groupId: number;
  userToken: string;
  communityToken: string;
}): Promise<FakeVk> {
  const module = await load<{ startVkServer(options: unknown): Promise<FakeVk> }>("vk-server.ts");
  return module.startVkServer(options);
}

export async function startFakeTelegram(options: { botToken: string }): Promise<FakeTelegram> {
  const module = await load<{ startTelegramServer(options: unknown): Promise<FakeTelegram> }>(
    "telegram-server.ts",
  );
  return module.startTelegramServer(options);
}

/** The local incident platform; it knows the incidents `PLT-1001` and `PLT-1002`. */
export async function startFakePlatform(options: {
  apiToken: string;
  signingSecret: string;
}): Promise<FakePlatform> {
  const module = await load<{ startPlatformServer(options: unknown): Promise<FakePlatform> }>(
    "platform-server.ts",
  );
  return module.startPlatformServer(options);
}

// The local incident platform from @otklik/channels' tests (packages/channels/test/servers), loaded at
// run time so that the app's type check stays inside its own folder.
import { fileURLToPath, pathToFileURL } from "node:url";

/** The platform's side of the outbound answer contract (channels' README); knows `PLT-1001` and `PLT-1002`. */
export interface FakePlatform {
  url: string;
  answers: { incidentId: string; answer: { answerId: string; text: string } }[];
  faults: { operation: string; fault: "rate_limit" | "timeout" | "server_error" | "token" }[];
  violations: string[];
  close(): Promise<void>;
}

export async function startFakePlatform(options: {
  apiToken: string;
  signingSecret: string;
}): Promise<FakePlatform> {
  const file = fileURLToPath(
    new URL("../../../../packages/channels/test/servers/platform-server.ts", import.meta.url),
  );
  const module = (await import(pathToFileURL(file).href)) as {
    startPlatformServer(options: unknown): Promise<FakePlatform>;
  };
  return module.startPlatformServer(options);
}

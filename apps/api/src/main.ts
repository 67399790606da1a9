import { parseEnv } from "./config/env.js";
import { createLogger } from "./server/logger.js";
import { startApi } from "./server/start.js";

let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv(process.env);
} catch (error) {
  // A wrong setting (e.g. OTKLIK_ROLE=worker without DATABASE_URL) is told plainly, without a stack.
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
const logger = createLogger(env.LOG_LEVEL);

try {
  const api = await startApi({ env, logger });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing in-flight requests and jobs");
    await api.stop();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (error) {
  logger.fatal({ err: error }, "the API could not start");
  process.exit(1);
}

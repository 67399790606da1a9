import { parseEnv } from "./config/env.js";
import { createLogger } from "./server/logger.js";
import { startApi } from "./server/start.js";

const env = parseEnv(process.env);
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

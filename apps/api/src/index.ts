// The API app for in-process use (tests, benchmarks, other entry points).
export { createApiApp } from "./app.js";
export { ApiEnv, parseEnv } from "./config/env.js";
export type { ApiDependencies, ApiEnvironment, ApiSettings } from "./http/context.js";
export { type RunningApi, startApi } from "./server/start.js";

// The site app for in-process use (tests, other entry points).
export { createSiteApp, type SiteOptions } from "./app.js";
export { parseEnv, SiteEnv } from "./config/env.js";

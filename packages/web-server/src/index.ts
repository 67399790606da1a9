// One origin: the site and the admin forward /api/… to the API
export { type ForwardToApiOptions, forwardToApi } from "./forward-to-api.js";

// Serving on Node with graceful shutdown
export { type RunningServer, startServer } from "./start-server.js";

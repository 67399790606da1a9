// Real servers on free ports

// Accessibility
export { accessibilityViolations } from "./accessibility.js";

// Browser
export { CHROMIUM_PATH, launchChromium } from "./browser.js";
export { API_ENTRY, type ChildServer, freePort, startApi, startNodeServer } from "./processes.js";

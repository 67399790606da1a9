import type { City } from "../api-client/city.js";
import type { Preferences } from "../preferences/preferences.js";

/** What every page's frame needs to know about the request. */
export interface PageContext {
  preferences: Preferences;
  /** Path and query of this page, so the switches bring the reader back here. */
  currentPath: string;
  /** Unknown when the API could not be reached. */
  city: City | undefined;
  /** The city's zone: the API's, or the configured one when the API is silent. */
  timeZone: string;
  now: Date;
  /** Some of what the page shows is a saved copy: the API could not be asked just now. */
  stale: boolean;
  /** The site's public address, for canonical links and Open Graph (no trailing slash). */
  siteUrl: string;
  /** The administration's internet reception for formal appeals (59-FZ). */
  receptionUrl: string;
  /** The Gosuslugi feedback platform's widget (ПОС), when the city configured one. */
  pos?: PosWidgetSettings | undefined;
}

/** The ПОС widget as the city configured it: its id, the plain link without scripts, our start script. */
export interface PosWidgetSettings {
  widgetId: number;
  linkUrl: string;
  startScriptPath: string;
}

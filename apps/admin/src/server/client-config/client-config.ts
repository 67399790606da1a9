/** What the admin server tells the SPA at `/config.json`: settings of this deployment, not of a person. */
export interface ClientConfig {
  map: {
    /** A `{z}/{x}/{y}` template of the city's tile server, the same as the site's. */
    tileUrl: string;
    attribution: string;
  };
}

export const DEFAULT_CLIENT_CONFIG: ClientConfig = {
  map: {
    tileUrl: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    attribution: "© OpenStreetMap contributors",
  },
};

/**
 * The origin tiles come from (`https://tile.openstreetmap.org`), for the security policy. Leaflet's
 * sub-domain placeholder `{s}` in the host (`https://{s}.tile.example.ru`) becomes `*.` there.
 */
export function tileOrigin(tileUrl: string): string {
  const origin = new URL(tileUrl.replace(/\{s\}/g, "subdomain").replace(/\{[a-z]+\}/gi, "0")).origin;
  return origin.replace("//subdomain.", "//*.");
}

/**
 * The SPA's security policy: its own scripts, styles and API only; images from itself, `data:`/`blob:`
 * (local previews), the tile server by its exact origin (an `http:` tile server is allowed by name,
 * never `http:` as a whole), and `https:` for the photos citizens attach on the platform and the social
 * pages (their hosts are not known in advance; the site's pages allow them the same way).
 */
export function adminContentSecurityPolicy(config: ClientConfig): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: https: ${tileOrigin(config.map.tileUrl)}`,
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

import type { ReactElement } from "react";
import { MESSAGES } from "../i18n/messages.js";
import { VISION_SCHEMES } from "../preferences/preferences.js";
import { switchLink } from "../preferences/routes.js";
import type { PageContext } from "./page-context.js";

/** Shown only in the version for the visually impaired: the choice of colour scheme. */
export function VisionPanel({ page }: { page: PageContext }): ReactElement {
  const messages = MESSAGES[page.preferences.language];
  return (
    <section className="vision-panel" aria-label={messages.visionOn}>
      <div className="container">
        <span id="colour-scheme">{`${messages.colourScheme}:`}</span>
        <ul aria-labelledby="colour-scheme">
          {VISION_SCHEMES.map((scheme) => (
            <li key={scheme}>
              {scheme === page.preferences.vision ? (
                <strong aria-current="true">{messages.schemes[scheme]}</strong>
              ) : (
                <a href={switchLink("/settings/vision", scheme, page.currentPath)}>
                  {messages.schemes[scheme]}
                </a>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

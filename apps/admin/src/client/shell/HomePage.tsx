import { type ReactElement, useCallback, useEffect, useState } from "react";
import { Link } from "wouter";
import { visibleSections } from "../access/sections.js";
import { useLanguage } from "../language/language.js";
import { DEFAULT_TIME_ZONE, useSession } from "../session/session.js";
import { type ApiStatus, checkApi } from "../status/api-status.js";
import { StatusPanel } from "../status/StatusPanel.js";

const RECHECK_MILLISECONDS = 30_000;

/** The start page: where to go from here, and whether the system is well. */
export function HomePage(): ReactElement {
  const { language, messages } = useLanguage();
  const { permissions } = useSession();
  const [status, setStatus] = useState<ApiStatus>({ kind: "loading" });

  const check = useCallback(() => {
    setStatus({ kind: "loading" });
    void checkApi().then(setStatus);
  }, []);

  useEffect(() => {
    check();
    const timer = setInterval(() => void checkApi().then(setStatus), RECHECK_MILLISECONDS);
    return () => clearInterval(timer);
  }, [check]);

  useEffect(() => {
    document.title = `${messages.product} — ${messages.workspace}`;
  }, [messages]);

  const sections = visibleSections(permissions);
  return (
    <>
      <StatusPanel
        status={status}
        language={language}
        fallbackTimeZone={DEFAULT_TIME_ZONE}
        onCheckAgain={check}
      />
      <section className="panel" aria-labelledby="welcome-heading">
        <h2 id="welcome-heading">{messages.navigationLabel}</h2>
        {sections.length > 0 ? (
          <ul className="section-links">
            {sections.map((section) => (
              <li key={section.id}>
                <Link href={section.path}>{messages.sections[section.id]}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{messages.noAccessText}</p>
        )}
      </section>
    </>
  );
}

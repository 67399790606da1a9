import { type ReactElement, useEffect } from "react";
import { Link } from "wouter";
import { errorMessage } from "../api/api-client.js";
import { useLanguage } from "../language/language.js";

/** The page's h1, which also names the browser tab. */
export function PageHeading({ children }: { children: string }): ReactElement {
  const { messages } = useLanguage();
  useEffect(() => {
    document.title = `${children} — ${messages.product}`;
  }, [children, messages.product]);
  return <h1>{children}</h1>;
}

/** An honest placeholder for a section that is not built yet: no invented data. */
export function ComingSoon({ title }: { title: string }): ReactElement {
  const { messages } = useLanguage();
  return (
    <section className="panel" data-testid="coming-soon">
      <PageHeading>{title}</PageHeading>
      <p className="notice">
        <strong>{messages.comingHeading}.</strong> {messages.comingText}
      </p>
    </section>
  );
}

export function NoAccess(): ReactElement {
  const { messages } = useLanguage();
  return (
    <section className="panel" data-testid="no-access">
      <PageHeading>{messages.noAccessHeading}</PageHeading>
      <p>{messages.noAccessText}</p>
      <p>
        <Link href="~/">{messages.toStart}</Link>
      </p>
    </section>
  );
}

export function NotFound(): ReactElement {
  const { messages } = useLanguage();
  return (
    <section className="panel">
      <PageHeading>{messages.notFoundHeading}</PageHeading>
      <p>
        <Link href="~/">{messages.toStart}</Link>
      </p>
    </section>
  );
}

/** A failed load, said plainly, with a way to try again. */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }): ReactElement {
  const { language, messages } = useLanguage();
  return (
    <div role="alert" className="form-alert">
      <p>
        {messages.loadFailed}: {errorMessage(error, language)}
      </p>
      <button type="button" onClick={onRetry}>
        {messages.tryAgain}
      </button>
    </div>
  );
}

export function Loading(): ReactElement {
  const { messages } = useLanguage();
  return (
    <p aria-busy="true" className="loading">
      {messages.loading}
    </p>
  );
}

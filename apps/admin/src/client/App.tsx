import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactElement, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, createApiClient } from "./api/api-client.js";
import { type Language, MESSAGES } from "./i18n/messages.js";
import { storedLanguage, storeLanguage } from "./i18n/stored-language.js";
import { LanguageContext } from "./language/language.js";
import { SignInPage } from "./session/SignInPage.js";
import { ApiContext, ME_QUERY_KEY, SessionContext, useCurrentUser } from "./session/session.js";
import { Frame } from "./shell/Frame.js";
import { LoadFailed, Loading } from "./shell/panels.js";
import { Shell } from "./shell/Shell.js";

/** Shows the sign-in screen, or the workspace of the person signed in (restored on reload by /auth/me). */
function SessionGate({
  csrfToken,
  screenReady,
}: {
  csrfToken: { current: string | undefined };
  screenReady: boolean;
}): ReactElement {
  const me = useCurrentUser();
  csrfToken.current = me.data?.csrfToken;
  if (me.isPending || (me.data && !screenReady)) {
    return (
      <Frame>
        <Loading />
      </Frame>
    );
  }
  if (me.isError) {
    return (
      <Frame>
        <LoadFailed error={me.error} onRetry={() => void me.refetch()} />
      </Frame>
    );
  }
  if (!me.data) {
    return (
      <Frame>
        <SignInPage />
      </Frame>
    );
  }
  return (
    <SessionContext.Provider value={me.data}>
      <Shell />
    </SessionContext.Provider>
  );
}

/** How long the workspace waits for the opened screen's script before it shows its own loading panel. */
const SCREEN_WAIT_MS = 3000;

/**
 * The admin app. `screen` is the download of the screen being opened (`preloadSection`): the workspace is
 * shown once it is in (or after `SCREEN_WAIT_MS`), so the screen renders at once rather than suspending
 * behind a loading panel that React would keep for at least 300 ms.
 */
export function App({ screen }: { screen?: Promise<void> }): ReactElement {
  const [screenReady, setScreenReady] = useState(screen === undefined);
  useEffect(() => {
    if (!screen) return;
    let waiting = true;
    const ready = () => {
      if (waiting) setScreenReady(true);
      waiting = false;
    };
    const timer = setTimeout(ready, SCREEN_WAIT_MS);
    void screen.finally(ready);
    return () => {
      waiting = false;
      clearTimeout(timer);
    };
  }, [screen]);
  const [language, setLanguage] = useState<Language>(storedLanguage);
  const csrfToken = useRef<string | undefined>(undefined);
  const [api] = useState(() => createApiClient({ csrfToken: () => csrfToken.current }));
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
        queryCache: new QueryCache({
          onError: (error) => {
            // The session ended (idle, deactivated, signed out elsewhere): back to sign-in.
            if (error instanceof ApiError && error.status === 401)
              queryClient.setQueryData(ME_QUERY_KEY, null);
          },
        }),
      }),
  );
  const choice = useMemo(() => ({ language, messages: MESSAGES[language], setLanguage }), [language]);

  useEffect(() => {
    document.documentElement.lang = language;
    storeLanguage(language);
  }, [language]);

  return (
    <QueryClientProvider client={queryClient}>
      <LanguageContext.Provider value={choice}>
        <ApiContext.Provider value={api}>
          <SessionGate csrfToken={csrfToken} screenReady={screenReady} />
        </ApiContext.Provider>
      </LanguageContext.Provider>
    </QueryClientProvider>
  );
}

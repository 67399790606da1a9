import { type ReactElement, Suspense } from "react";
import { Link, Route, Switch, useLocation } from "wouter";
import { useLanguage } from "../language/language.js";
import { lazyScreen } from "../shell/lazy-screen.js";
import { Loading, NotFound } from "../shell/panels.js";
import { notificationsMessages } from "./notifications-messages.js";
import "./notifications.css";

// One chunk per screen: the list does not download the preferences form.
const ListScreen = lazyScreen(() => import("./ListScreen.js"));
const DetailScreen = lazyScreen<{ id: string }>(() => import("./DetailScreen.js"));
const PreferencesScreen = lazyScreen(() => import("./PreferencesScreen.js"));

/** The screen at `path` inside /notifications ("/" the list, "/preferences", "/{id}" one), for `preloadSection`. */
export function preloadScreen(path: string): Promise<void> {
  if (path === "/") return ListScreen.preload();
  if (path === "/preferences") return PreferencesScreen.preload();
  return DetailScreen.preload();
}

/** One's notifications and one's preferences. Routes are relative to /notifications. */
export default function NotificationsArea(): ReactElement {
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const [location] = useLocation();
  const onPreferences = location === "/preferences";
  return (
    <div className="notifications">
      <nav aria-label={text.screensLabel} className="sub-nav">
        <ul>
          <li>
            <Link href="/" aria-current={!onPreferences && location === "/" ? "page" : undefined}>
              {text.screens.list}
            </Link>
          </li>
          <li>
            <Link href="/preferences" aria-current={onPreferences ? "page" : undefined}>
              {text.screens.preferences}
            </Link>
          </li>
        </ul>
      </nav>
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/">
            <ListScreen />
          </Route>
          <Route path="/preferences">
            <PreferencesScreen />
          </Route>
          <Route path="/:id">{(params) => <DetailScreen key={params.id} id={params.id} />}</Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </div>
  );
}

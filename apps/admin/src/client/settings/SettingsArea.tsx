import { type ReactElement, Suspense } from "react";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import {
  allows,
  SETTINGS_SCREENS,
  type SettingsScreenId,
  visibleSettingsScreens,
} from "../access/sections.js";
import { useLanguage } from "../language/language.js";
import { useSession } from "../session/session.js";
import { type LazyScreen, lazyScreen } from "../shell/lazy-screen.js";
import { Loading, NoAccess, NotFound } from "../shell/panels.js";
import { settingsMessages } from "./settings-messages.js";

// One chunk per screen: opening the users list does not download the audit viewer.
const SCREENS: Record<SettingsScreenId, LazyScreen<object>> = {
  users: lazyScreen(() => import("./users/UsersScreen.js")),
  organisation: lazyScreen(() => import("./organisation/OrganisationScreen.js")),
  tokens: lazyScreen(() => import("./tokens/TokensScreen.js")),
  audit: lazyScreen(() => import("./audit/AuditScreen.js")),
  "notification-templates": lazyScreen(() => import("../notifications/TemplatesScreen.js")),
  "notification-deliveries": lazyScreen(() => import("../notifications/DeliveriesScreen.js")),
  routing: lazyScreen(() => import("./routing/RoutingScreen.js")),
  "address-register": lazyScreen(() => import("./addresses/AddressRegisterScreen.js")),
  connections: lazyScreen(() => import("./connections/ConnectionsScreen.js")),
  "sla-policy": lazyScreen(() => import("./sla/SlaPolicyScreen.js")),
  calendars: lazyScreen(() => import("./sla/CalendarsScreen.js")),
};

/** The settings screen at `path` inside /settings ("/users", …), for `preloadSection`; none for "/" (it depends on one's rights). */
export function preloadScreen(path: string): Promise<void> {
  const screen = SETTINGS_SCREENS.find((candidate) => candidate.path === `/settings${path}`);
  return screen ? SCREENS[screen.id].preload() : Promise.resolve();
}

/** Settings for administrators: a sub-navigation and the screen chosen in it. Routes are relative to /settings. */
export default function SettingsArea(): ReactElement {
  const { language } = useLanguage();
  const text = settingsMessages(language);
  const { permissions } = useSession();
  const [location] = useLocation();
  const screens = visibleSettingsScreens(permissions);
  const first = screens[0];
  return (
    <div className="settings">
      <nav aria-label={text.screensLabel} className="sub-nav">
        <ul>
          {screens.map((screen) => {
            const relative = screen.path.slice("/settings".length);
            return (
              <li key={screen.id}>
                <Link href={relative} aria-current={location === relative ? "page" : undefined}>
                  {text.screens[screen.id]}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/">
            {first ? <Redirect to={first.path.slice("/settings".length)} replace /> : <NoAccess />}
          </Route>
          {SETTINGS_SCREENS.map((screen) => {
            const Screen = SCREENS[screen.id];
            return (
              <Route key={screen.id} path={screen.path.slice("/settings".length)}>
                {allows(permissions, screen.anyOf) ? <Screen /> : <NoAccess />}
              </Route>
            );
          })}
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </div>
  );
}

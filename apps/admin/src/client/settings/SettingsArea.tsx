import { lazy, type ReactElement, Suspense } from "react";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import {
  allows,
  SETTINGS_SCREENS,
  type SettingsScreenId,
  visibleSettingsScreens,
} from "../access/sections.js";
import { useLanguage } from "../language/language.js";
import { useSession } from "../session/session.js";
import { Loading, NoAccess, NotFound } from "../shell/panels.js";
import { settingsMessages } from "./settings-messages.js";

// One chunk per screen: opening the users list does not download the audit viewer.
const SCREENS: Record<SettingsScreenId, ReturnType<typeof lazy>> = {
  users: lazy(() => import("./users/UsersScreen.js")),
  organisation: lazy(() => import("./organisation/OrganisationScreen.js")),
  tokens: lazy(() => import("./tokens/TokensScreen.js")),
  audit: lazy(() => import("./audit/AuditScreen.js")),
  "notification-templates": lazy(() => import("../notifications/TemplatesScreen.js")),
  "notification-deliveries": lazy(() => import("../notifications/DeliveriesScreen.js")),
  routing: lazy(() => import("./routing/RoutingScreen.js")),
  "address-register": lazy(() => import("./addresses/AddressRegisterScreen.js")),
  connections: lazy(() => import("./connections/ConnectionsScreen.js")),
  "sla-policy": lazy(() => import("./sla/SlaPolicyScreen.js")),
  calendars: lazy(() => import("./sla/CalendarsScreen.js")),
};

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

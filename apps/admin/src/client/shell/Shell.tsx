import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactElement, Suspense, useEffect, useRef } from "react";
import { Link, Route, Switch, useLocation } from "wouter";
import { allows, SECTIONS, type SectionId, visibleSections } from "../access/sections.js";
import { useLanguage } from "../language/language.js";
import { UnreadBadge } from "../notifications/UnreadBadge.js";
import { forgetSessionData, ME_QUERY_KEY, useApi, useDepartment, useSession } from "../session/session.js";
import { Frame } from "./Frame.js";
import { HomePage } from "./HomePage.js";
import { type LazyScreen, lazyScreen } from "./lazy-screen.js";
import { ComingSoon, Loading, NoAccess, NotFound } from "./panels.js";

// Settings are for administrators only: their link is shown to no one else, so no one else downloads them.
const SettingsArea = lazyScreen(() => import("../settings/SettingsArea.js"));
// The desk's screens are chunks of their own too: the first screen stays small.
const IncidentsArea = lazyScreen(() => import("../incidents/IncidentsArea.js"));
const InboxScreen = lazyScreen(() => import("../inbox/InboxScreen.js"));
const NewsroomArea = lazyScreen(() => import("../newsroom/NewsroomArea.js"));
// Dashboards (with uPlot) and the report are chunks of their own.
const DashboardsScreen = lazyScreen(() => import("../dashboards/DashboardsScreen.js"));
const ReportScreen = lazyScreen(() => import("../dashboards/ReportScreen.js"));
// One's notifications and preferences, for everyone signed in (the header's badge links there).
const NotificationsArea = lazyScreen(() => import("../notifications/NotificationsArea.js"));
// The map (Leaflet and the clustering load later still, inside it) and the department view.
const MapScreen = lazyScreen(() => import("../map/MapScreen.js"));
const DepartmentScreen = lazyScreen(() => import("../department/DepartmentScreen.js"));

/** The screens built so far; the other sections still say «В разработке». */
const BUILT: Partial<Record<SectionId, LazyScreen<object>>> = {
  incidents: IncidentsArea,
  inbox: InboxScreen,
  map: MapScreen,
  department: DepartmentScreen,
  newsroom: NewsroomArea,
  dashboards: DashboardsScreen,
  report: ReportScreen,
  // Rendered by a route of its own below (administrators only); here for `preloadSection`.
  settings: SettingsArea,
};

/** Every address prefix with its screen, for `preloadSection`. */
const PRELOADABLE: readonly { path: string; Screen: LazyScreen<object> | undefined }[] = [
  ...SECTIONS.map((section) => ({ path: section.path, Screen: BUILT[section.id] })),
  { path: "/notifications", Screen: NotificationsArea },
];

/**
 * Starts downloading the screen at `pathname` (and, in an area, the screen inside it) before it is rendered:
 * the app calls it at start for the address being opened, so the chunks come while the session is read,
 * and the navigation when a link is pointed at or focused (the settings link is shown to administrators only).
 */
export function preloadSection(pathname: string): Promise<void> {
  const area = PRELOADABLE.find(
    (candidate) => pathname === candidate.path || pathname.startsWith(`${candidate.path}/`),
  );
  if (!area?.Screen) return Promise.resolve();
  // A failed download shows where the screen is rendered, with its retry.
  return area.Screen.preload(pathname.slice(area.path.length) || "/").catch(() => undefined);
}

function Account(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { messages } = useLanguage();
  const { user } = useSession();
  const department = useDepartment(user.departmentId);
  const signOut = useMutation({
    mutationFn: () => api.post("/api/v1/auth/logout"),
    onSettled: () => {
      forgetSessionData(queryClient);
      queryClient.setQueryData(ME_QUERY_KEY, null);
    },
  });
  const roles = user.roles.map((role) => messages.roles[role]).join(", ");
  const departmentName = user.departmentId ? (department.data?.shortName ?? "…") : messages.noDepartment;
  return (
    <div className="account" data-testid="account">
      <span className="visually-hidden">{messages.signedInAs}</span>
      <span className="account-name">{user.fullName}</span>
      <span>
        {roles} · {departmentName}
      </span>
      <UnreadBadge />
      <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {messages.signOut}
      </button>
    </div>
  );
}

function Navigation({ permissions }: { permissions: readonly string[] }): ReactElement {
  const { messages } = useLanguage();
  const [location] = useLocation();
  const { user } = useSession();
  return (
    <nav aria-label={messages.navigationLabel} className="app-nav">
      <ul>
        {visibleSections(permissions, user.departmentId !== null).map((section) => {
          const current = location === section.path || location.startsWith(`${section.path}/`);
          return (
            <li key={section.id}>
              <Link
                href={section.path}
                aria-current={current ? "page" : undefined}
                onPointerEnter={() => void preloadSection(section.path)}
                onFocus={() => void preloadSection(section.path)}
              >
                {messages.sections[section.id]}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Moves focus to the new page's content when the route changes, as a page load would. */
function useFocusOnNavigation(): void {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById("main")?.focus();
  }, [location]);
}

/** The signed-in workspace: header with the person, navigation by role, the sections. */
export function Shell(): ReactElement {
  const { messages } = useLanguage();
  const { permissions } = useSession();
  useFocusOnNavigation();
  return (
    <Frame account={<Account />} navigation={<Navigation permissions={permissions} />}>
      <Switch>
        <Route path="/">
          <HomePage />
        </Route>
        {SECTIONS.filter((section) => section.id !== "settings").map((section) => {
          const Screen = BUILT[section.id];
          return (
            <Route key={section.id} path={section.path} nest>
              {!allows(permissions, section.anyOf) ? (
                <NoAccess />
              ) : Screen ? (
                <Suspense fallback={<Loading />}>
                  <Screen />
                </Suspense>
              ) : (
                <ComingSoon title={messages.sections[section.id]} />
              )}
            </Route>
          );
        })}
        <Route path="/notifications" nest>
          <Suspense fallback={<Loading />}>
            <NotificationsArea />
          </Suspense>
        </Route>
        <Route path="/settings" nest>
          {allows(permissions, SECTIONS.find((section) => section.id === "settings")?.anyOf ?? []) ? (
            <Suspense fallback={<Loading />}>
              <SettingsArea />
            </Suspense>
          ) : (
            <NoAccess />
          )}
        </Route>
        <Route>
          <NotFound />
        </Route>
      </Switch>
    </Frame>
  );
}

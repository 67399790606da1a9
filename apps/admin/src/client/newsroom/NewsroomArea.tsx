import { type ReactElement, Suspense } from "react";
import { Link, Route, Switch, useLocation } from "wouter";
import { useLanguage } from "../language/language.js";
import { lazyScreen } from "../shell/lazy-screen.js";
import { Loading, NotFound } from "../shell/panels.js";
import { newsroomMessages } from "./newsroom-messages.js";
import "./newsroom.css";

// One chunk per screen: the list does not download the editor, the calendar or the queues.
const ListScreen = lazyScreen(() => import("./ListScreen.js"));
const EditorScreen = lazyScreen<{ id: string | undefined }>(() => import("./editor/EditorScreen.js"));
const CalendarScreen = lazyScreen(() => import("./CalendarScreen.js"));
const HearingsScreen = lazyScreen(() => import("./HearingsScreen.js"));
const HandbookScreen = lazyScreen(() => import("./HandbookScreen.js"));
const QuestionsScreen = lazyScreen(() => import("./QuestionsScreen.js"));

/** The screen at `path` inside the newsroom ("/" the list, "/publications/…" the editor), for `preloadSection`. */
export function preloadScreen(path: string): Promise<void> {
  if (path.startsWith("/publications/")) return EditorScreen.preload();
  if (path.startsWith("/calendar")) return CalendarScreen.preload();
  if (path.startsWith("/hearings")) return HearingsScreen.preload();
  if (path.startsWith("/handbook")) return HandbookScreen.preload();
  if (path.startsWith("/questions")) return QuestionsScreen.preload();
  return ListScreen.preload();
}

const SCREENS = [
  { id: "list", path: "/" },
  { id: "calendar", path: "/calendar" },
  { id: "hearings", path: "/hearings" },
  { id: "handbook", path: "/handbook" },
  { id: "questions", path: "/questions" },
] as const;

/** The newsroom: publications and their editor, the calendar, hearings, the handbook and frequent questions. */
export default function NewsroomArea(): ReactElement {
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const [location] = useLocation();
  return (
    <div className="newsroom">
      <nav aria-label={text.screensLabel} className="sub-nav">
        <ul>
          {SCREENS.map((screen) => {
            const current =
              screen.path === "/"
                ? location === "/" || location.startsWith("/publications")
                : location.startsWith(screen.path);
            return (
              <li key={screen.id}>
                <Link href={screen.path} aria-current={current ? "page" : undefined}>
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
            <ListScreen />
          </Route>
          <Route path="/publications/new">
            <EditorScreen id={undefined} />
          </Route>
          <Route path="/publications/:id">
            {(params) => <EditorScreen key={params.id} id={params.id} />}
          </Route>
          <Route path="/calendar">
            <CalendarScreen />
          </Route>
          <Route path="/hearings">
            <HearingsScreen />
          </Route>
          <Route path="/handbook">
            <HandbookScreen />
          </Route>
          <Route path="/questions">
            <QuestionsScreen />
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </div>
  );
}

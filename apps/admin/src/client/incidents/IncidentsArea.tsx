import { type ReactElement, Suspense } from "react";
import { Route, Switch, useRoute, useSearchParams } from "wouter";
import { lazyScreen } from "../shell/lazy-screen.js";
import { Loading } from "../shell/panels.js";
import { usePrefetchQueue } from "./desk-queries.js";
import { filterFromSearch } from "./queue-model.js";

// The queue and the incident page are separate chunks: a link to one incident does not load the table.
const QueueScreen = lazyScreen(() => import("./queue/QueueScreen.js"));
const IncidentScreen = lazyScreen<{ id: string }>(() => import("./detail/IncidentScreen.js"));

/** The screen at `path` inside the desk ("/" the queue, "/{id}" an incident), for `preloadSection`. */
export function preloadScreen(path: string): Promise<void> {
  return path === "/" ? QueueScreen.preload() : IncidentScreen.preload();
}

/** The incident desk: the queue at /incidents, one incident at /incidents/{id}. Routes are relative. */
export default function IncidentsArea(): ReactElement {
  const [atQueue] = useRoute("/");
  const [search] = useSearchParams();
  // The queue's first page is asked for while its screen's script downloads.
  usePrefetchQueue(atQueue ? filterFromSearch(search) : undefined);
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/">
          <QueueScreen />
        </Route>
        <Route path="/:id">{(params) => <IncidentScreen id={params.id} />}</Route>
      </Switch>
    </Suspense>
  );
}

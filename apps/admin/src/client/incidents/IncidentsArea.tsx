import { lazy, type ReactElement, Suspense } from "react";
import { Route, Switch } from "wouter";
import { Loading } from "../shell/panels.js";

// The queue and the incident page are separate chunks: a link to one incident does not load the table.
const QueueScreen = lazy(() => import("./queue/QueueScreen.js"));
const IncidentScreen = lazy(() => import("./detail/IncidentScreen.js"));

/** The incident desk: the queue at /incidents, one incident at /incidents/{id}. Routes are relative. */
export default function IncidentsArea(): ReactElement {
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

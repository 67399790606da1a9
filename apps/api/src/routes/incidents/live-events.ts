import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { eventIdFloor } from "@otklik/db";
import { isInScope, requirePermission } from "@otklik/identity";
import { streamSSE } from "hono/streaming";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { SESSION_OR_TOKEN } from "../identity/route-support.js";
import type { IncidentRouteSettings } from "./incident-support.js";
import { createLiveIncidentFeed, type IncidentChange, type LiveIncidentFeed } from "./live-feed.js";

/** A comment line this often keeps proxies from closing a quiet stream. */
export const HEARTBEAT_MS = 25_000;
/** What a browser waits before reconnecting (the `retry:` field). */
export const RETRY_MS = 3000;
/** A stream ends after this long and the browser reconnects: its session and permissions are checked again. */
export const STREAM_LIFETIME_MS = 15 * 60_000;
/** How far back `since` and `Last-Event-ID` may reach. */
const REPLAY_LIMIT_MS = 60 * 60_000;

const EVENT_ID = /^evt_[0-9A-HJKMNP-TV-Z]{26}$/;

const EventsQuery = z.object({
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({
      description:
        "Прислать и изменения с этого момента (не раньше чем час назад), например время чтения очереди. " +
        "/ Also send the changes since this instant (at most an hour back), e.g. when the queue was read.",
      example: "2026-11-28T09:00:00+07:00",
    }),
});

const eventsRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents/events",
  tags: ["Incidents"],
  summary: "Live changes of the queue (server-sent events): new and changed incidents the person may see",
  description: [
    "Поток `text/event-stream`. Событие `incident` — обращение создано или изменилось (статус, назначение, ответ, " +
      "состояние срока); `data` — JSON `{ id, events, incident }`, где `incident` — строка очереди (как в " +
      "`GET /api/v1/incidents`), `events` — имена событий пакета. Сотрудник управления получает только обращения " +
      "своего управления; обращение, переназначенное из его управления в другое, — событием `gone` с данными " +
      "`{ id }` (убрать из очереди). `id:` события — идентификатор события (`evt_…`): при переподключении браузер шлёт его в " +
      "`Last-Event-ID` и получает пропущенное; если пропущено слишком много — событие `reset` (перечитать очередь). " +
      "Первое событие — `ready`; комментарий `: heartbeat` каждые 25 с; `retry: 3000`; поток закрывается через " +
      "15 минут (и при остановке сервера) — браузер переподключается, права проверяются заново.",
    "A `text/event-stream`. Event `incident`: an incident was created or changed (status, assignment, reply, SLA " +
      "state); `data` is JSON `{ id, events, incident }` with `incident` shaped as a row of `GET /api/v1/incidents`. " +
      "A department's staff receive their department's incidents only, and an incident reassigned from their " +
      "department to another as event `gone` with data `{ id }` (drop it from the queue). Each event's `id:` is the outbox event id: " +
      "a reconnecting browser sends it as `Last-Event-ID` and receives what it missed, or `reset` (read the queue " +
      "again) when that is too much. The first event is `ready`; a `: heartbeat` comment every 25 s; `retry: 3000`; " +
      "the stream ends after 15 minutes (and when the server stops) and the browser reconnects, permissions " +
      "checked again.",
  ].join(" / "),
  security: SESSION_OR_TOKEN,
  request: {
    query: EventsQuery,
    headers: z.object({
      "last-event-id": z
        .string()
        .max(64)
        .optional()
        .openapi({ description: "The last event id received (sent by EventSource on reconnection)" }),
    }),
  },
  responses: {
    200: {
      description: "The stream: events `ready`, `incident`, `gone`, `reset`",
      content: {
        "text/event-stream": {
          schema: z.string().openapi({
            example:
              'event: ready\ndata: {"at":"2026-11-28T02:00:00.000Z"}\nretry: 3000\n\n' +
              'event: incident\ndata: {"id":"inc_…","events":["incidents.assigned"],"incident":{…}}\nid: evt_…\n\n',
          }),
        },
      },
    },
    ...errorResponses(401, 403, 422),
  },
});

/** `GET /api/v1/incidents/events`: the desk's live changes as server-sent events. Before `{id}`. */
export function registerLiveEventRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): void {
  let ownFeed: LiveIncidentFeed | undefined;
  const feed = (): LiveIncidentFeed => {
    if (settings.liveFeed) return settings.liveFeed;
    ownFeed ??= createLiveIncidentFeed({
      db: deps.db,
      logger: deps.logger,
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
    return ownFeed;
  };

  app.openapi(eventsRoute, async (c) => {
    const scope = requirePermission(c.get("actor"), "incident:read");
    const { since } = c.req.valid("query");
    const lastEventId = c.req.valid("header")["last-event-id"];
    const now = (deps.clock?.now() ?? new Date()).getTime();
    const oldest = eventIdFloor(new Date(now - REPLAY_LIMIT_MS));
    const requested =
      lastEventId && EVENT_ID.test(lastEventId)
        ? lastEventId
        : since
          ? eventIdFloor(new Date(since))
          : undefined;
    const replayFrom = requested && requested < oldest ? oldest : requested;
    const live = feed();

    return streamSSE(c, async (stream) => {
      let writing = Promise.resolve();
      const send = (changes: IncidentChange[]) => {
        for (const change of changes) {
          const message = isInScope(scope, change.incident.departmentId)
            ? {
                event: "incident",
                data: { id: change.incident.id, events: change.events, incident: change.incident },
              }
            : // Assigned away from a department the person sees: gone from their queue (and nothing more).
              change.formerDepartmentIds.some((department) => isInScope(scope, department))
              ? { event: "gone", data: { id: change.incident.id } }
              : undefined;
          if (!message) continue;
          writing = writing
            .then(() =>
              stream.writeSSE({
                event: message.event,
                id: change.eventId,
                data: JSON.stringify(message.data),
              }),
            )
            .catch(() => undefined);
        }
      };
      // Listening before the replay is read: a change between the two arrives twice, never not at all.
      const unsubscribe = live.subscribe(send);
      let stopListening = () => {};
      let lifetime: ReturnType<typeof setTimeout> | undefined;
      const ended = new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        stopListening = live.onClose(resolve);
        lifetime = setTimeout(resolve, STREAM_LIFETIME_MS);
      });
      const heartbeat = setInterval(() => {
        writing = writing
          .then(() => stream.write(": heartbeat\n\n"))
          .then(
            () => undefined,
            () => undefined,
          );
      }, HEARTBEAT_MS);
      try {
        await stream.writeSSE({
          event: "ready",
          data: JSON.stringify({ at: new Date(now).toISOString() }),
          retry: RETRY_MS,
        });
        if (replayFrom) {
          const missed = await live.replay(replayFrom);
          if (missed) send(missed);
          else writing = writing.then(() => stream.writeSSE({ event: "reset", data: "{}" }));
        }
        await ended;
        await writing;
      } finally {
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        stopListening();
        unsubscribe();
      }
    }) as never;
  });
}

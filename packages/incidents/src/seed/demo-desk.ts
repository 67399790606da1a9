import { type Clock, manualClock } from "@otklik/core";
import type { Executor, SeedContribution } from "@otklik/db";
import { listUsers, type Role, systemActor, type UserActor } from "@otklik/identity";
import type { IncidentContext } from "../context.js";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { deliverReply } from "../desk/deliver-reply.js";
import { getIncident } from "../desk/read-incidents.js";
import { replyToIncident } from "../desk/reply-to-incident.js";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import type { IncidentSummary } from "../storage/incident-record.js";
import { incidentsDemoSeed } from "./demo-routes.js";

/** The name of {@link incidentsDemoDeskSeed} in `seed_runs`. */
export const INCIDENTS_DEMO_DESK_SEED = "incidents.demo-desk";

type Network = "vk" | "ok" | "telegram" | "max";

/**
 * What became of a demo incident: left as it came (`new`, routed by the desk, not yet answered), taken into
 * work by the department, resolved with an explanation, or rejected as not a problem. All but those left as
 * they came are answered publicly by the operator (and a resolved one again when resolved).
 */
type Fate = "as-received" | "in-progress" | "resolved" | "rejected";

interface DemoIncident {
  text: string;
  network: Network;
  /** How long before the seed ran it came in, in hours. */
  hoursAgo: number;
  /** Where the citizen marked it on the platform's map (Abakan). */
  at: [lat: number, lon: number];
  fate: Fate;
}

// Complaints as they come from the city's pages, spread over the last two weeks and the city's streets; the
// desk classifies and routes each as it would a real one.
const DEMO_INCIDENTS: readonly DemoIncident[] = [
  {
    text: "Яма на дороге у дома Ленина, 62, машины объезжают по встречке",
    network: "vk",
    hoursAgo: 0.4,
    at: [53.7221, 91.4425],
    fate: "as-received",
  },
  {
    text: "Не горят фонари во дворе дома Щетинкина, 18, вечером темно",
    network: "vk",
    hoursAgo: 0.9,
    at: [53.7186, 91.4372],
    fate: "as-received",
  },
  {
    text: "Автобус 7 не пришёл на остановку Торосова, ждали 40 минут",
    network: "telegram",
    hoursAgo: 1.3,
    at: [53.7092, 91.4161],
    fate: "as-received",
  },
  {
    text: "Не вывозят мусор от дома Чертыгашева, 104, контейнеры переполнены",
    network: "ok",
    hoursAgo: 1.8,
    at: [53.7249, 91.4538],
    fate: "as-received",
  },
  {
    text: "Не убран снег у подъезда дома Кирова, 120, пройти невозможно",
    network: "vk",
    hoursAgo: 2.6,
    at: [53.7128, 91.4294],
    fate: "as-received",
  },
  {
    text: "Стая собак у школы №11, дети боятся идти на уроки",
    network: "max",
    hoursAgo: 3.4,
    at: [53.7311, 91.4189],
    fate: "as-received",
  },
  {
    text: "Протекает крыша в доме Пушкина, 42, топит пятый этаж",
    network: "vk",
    hoursAgo: 5,
    at: [53.7204, 91.4487],
    fate: "in-progress",
  },
  {
    text: "Нет горячей воды в доме Вяткина, 27 третий день",
    network: "ok",
    hoursAgo: 7.5,
    at: [53.7163, 91.4258],
    fate: "in-progress",
  },
  {
    text: "Открытый люк на тротуаре у дома Крылова, 68, опасно вечером",
    network: "vk",
    hoursAgo: 11,
    at: [53.7049, 91.4399],
    fate: "in-progress",
  },
  {
    text: "Во дворе дома Некрасова, 23 сломана детская площадка, торчат гвозди",
    network: "telegram",
    hoursAgo: 20,
    at: [53.7275, 91.4432],
    fate: "as-received",
  },
  {
    text: "Не работает светофор на перекрёстке Ленина и Пушкина",
    network: "vk",
    hoursAgo: 26,
    at: [53.7213, 91.4466],
    fate: "resolved",
  },
  {
    text: "Маршрутка 16 ходит раз в час вместо 15 минут",
    network: "vk",
    hoursAgo: 30,
    at: [53.7001, 91.4102],
    fate: "in-progress",
  },
  {
    text: "В детском саду №34 холодно в группах, батареи чуть тёплые",
    network: "ok",
    hoursAgo: 34,
    at: [53.7338, 91.4271],
    fate: "in-progress",
  },
  {
    text: "Яма на дороге у дома Аскизская, 190, разбил колесо",
    network: "vk",
    hoursAgo: 44,
    at: [53.6987, 91.4021],
    fate: "resolved",
  },
  {
    text: "Не вывозят мусор с контейнерной площадки на Пирятинской, 5",
    network: "vk",
    hoursAgo: 50,
    at: [53.7357, 91.4063],
    fate: "resolved",
  },
  {
    text: "Не горят фонари на улице Советская от дома 50 до 80",
    network: "telegram",
    hoursAgo: 58,
    at: [53.7232, 91.4318],
    fate: "in-progress",
  },
  {
    text: "Сосульки над входом в дом Ленина, 90, могут упасть на людей",
    network: "vk",
    hoursAgo: 70,
    at: [53.7178, 91.4489],
    fate: "resolved",
  },
  {
    text: "Не убран снег на тротуаре по улице Щетинкина у дома 61",
    network: "max",
    hoursAgo: 80,
    at: [53.7147, 91.4361],
    fate: "resolved",
  },
  {
    text: "Продают алкоголь ночью в киоске у дома Кирова, 185",
    network: "vk",
    hoursAgo: 92,
    at: [53.7098, 91.4245],
    fate: "rejected",
  },
  {
    text: "Автобус 1 не останавливается на остановке Рынок",
    network: "ok",
    hoursAgo: 100,
    at: [53.7219, 91.4405],
    fate: "resolved",
  },
  {
    text: "Во дворе дома Чертыгашева, 59 сломана скамейка",
    network: "vk",
    hoursAgo: 118,
    at: [53.7269, 91.4512],
    fate: "resolved",
  },
  {
    text: "Протекает крыша в подъезде дома Крылова, 83",
    network: "vk",
    hoursAgo: 130,
    at: [53.7061, 91.4377],
    fate: "in-progress",
  },
  {
    text: "Нет отопления в доме Вяткина, 12, в квартирах 15 градусов",
    network: "telegram",
    hoursAgo: 142,
    at: [53.7171, 91.4226],
    fate: "resolved",
  },
  {
    text: "Яма на дороге на выезде с улицы Торосова, повредил подвеску",
    network: "vk",
    hoursAgo: 160,
    at: [53.7105, 91.4133],
    fate: "resolved",
  },
  {
    text: "Бродячие собаки у остановки Пушкина, 100 бросаются на прохожих",
    network: "ok",
    hoursAgo: 170,
    at: [53.7195, 91.4521],
    fate: "resolved",
  },
  {
    text: "Не вывозят мусор от дома Некрасова, 41 уже неделю",
    network: "vk",
    hoursAgo: 190,
    at: [53.7287, 91.4458],
    fate: "resolved",
  },
  {
    text: "Не горят фонари у школы №19 на улице Советской",
    network: "vk",
    hoursAgo: 205,
    at: [53.7244, 91.4299],
    fate: "resolved",
  },
  {
    text: "Скользко на остановке Аскизская, 200, люди падают",
    network: "max",
    hoursAgo: 222,
    at: [53.6979, 91.4008],
    fate: "resolved",
  },
  {
    text: "Сломана горка на детской площадке у дома Ленина, 48",
    network: "vk",
    hoursAgo: 240,
    at: [53.7237, 91.4412],
    fate: "resolved",
  },
  {
    text: "Спасибо за новый сквер на Щетинкина, очень красиво",
    network: "ok",
    hoursAgo: 252,
    at: [53.7141, 91.4347],
    fate: "rejected",
  },
  {
    text: "Открытый люк у дома Кирова, 99, рядом ходят дети",
    network: "telegram",
    hoursAgo: 270,
    at: [53.7117, 91.4279],
    fate: "resolved",
  },
  {
    text: "Нет горячей воды в доме Крылова, 70, без предупреждения",
    network: "vk",
    hoursAgo: 288,
    at: [53.7052, 91.4388],
    fate: "resolved",
  },
  {
    text: "Маршрут 5 отменили, как добраться до больницы?",
    network: "vk",
    hoursAgo: 300,
    at: [53.7013, 91.4157],
    fate: "resolved",
  },
  {
    text: "Яма на дороге у дома Пирятинская, 20 после ремонта теплотрассы",
    network: "ok",
    hoursAgo: 318,
    at: [53.7349, 91.4083],
    fate: "in-progress",
  },
  {
    text: "Не убран снег во дворе дома Чертыгашева, 130, машины застревают",
    network: "vk",
    hoursAgo: 326,
    at: [53.7258, 91.4561],
    fate: "resolved",
  },
  {
    text: "Протекает крыша в школе №3 на Пушкина, ведро в коридоре",
    network: "vk",
    hoursAgo: 334,
    at: [53.7209, 91.4476],
    fate: "resolved",
  },
];

const HOUR = 3_600_000;
/**
 * How long after it came in an answered demo incident got its first public reply, in hours, by its place in the
 * list: most within the two hours the office aims at, some later (the dashboards show both).
 */
const FIRST_REPLY_HOURS = [0.3, 0.6, 0.9, 1.2, 1.6, 2.5, 3.5] as const;
/** Abakan's clock (Asia/Krasnoyarsk): UTC+7 all year. */
const CITY_UTC_OFFSET = 7 * HOUR;

/**
 * When a demo incident came in: the last day's exactly `hoursAgo` before the seed; older ones on the day
 * `hoursAgo` falls on, at a daytime hour of the city (08:00–20:59), as people write.
 */
function receivedAtOf(demo: DemoIncident, seededAt: number): Date {
  const approximate = seededAt - demo.hoursAgo * HOUR;
  if (demo.hoursAgo < 24) return new Date(approximate);
  const cityMidnight =
    Math.floor((approximate + CITY_UTC_OFFSET) / (24 * HOUR)) * 24 * HOUR - CITY_UTC_OFFSET;
  const hour = 8 + (Math.floor(demo.hoursAgo * 7) % 13);
  const minute = Math.floor(demo.hoursAgo * 37) % 60;
  return new Date(cityMidnight + hour * HOUR + minute * 60_000);
}

/** The demo account that acts as `role`, as a desk actor (found by its address). */
async function demoActor(
  db: Executor,
  clock: Clock,
  email: string,
  role: Role,
): Promise<UserActor | undefined> {
  const context = { db, clock, actor: systemActor("seed") };
  let cursor: string | undefined;
  do {
    const page = await listUsers(context, { limit: 100, ...(cursor ? { cursor } : {}) });
    const user = page.items.find((item) => item.email === email);
    if (user)
      return {
        kind: "user",
        userId: user.id,
        roles: [role],
        departmentId: user.departmentId ?? null,
        sessionId: null,
        address: null,
      };
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}

/**
 * A working desk for a first look (`npm start`, `OTKLIK_DEMO_INCIDENTS=1`): 36 incidents of the last two
 * weeks from the four social networks through the incident platform, each placed on the map, classified and
 * routed by the desk itself; the older ones answered publicly by the operator (most within two hours), taken
 * into work by the housing department's executor, resolved with an explanation and answered again, or rejected
 * as not a problem by the operator, at their own moments (the timeline, the SLA panels and the dashboards read
 * as after two weeks of work; the newest are not answered yet). Their deadlines are announced by the
 * API's start-up catch-up, as after any restart. The incidents' times count back from when the seed runs.
 */
export const incidentsDemoDeskSeed: SeedContribution = {
  name: INCIDENTS_DEMO_DESK_SEED,
  dependsOn: [incidentsDemoSeed.name],
  async run({ db, clock }) {
    const seededAt = clock.now().getTime();
    const operator =
      (await demoActor(db, clock, "operator@demo.otklik.ru", "operator")) ?? systemActor("seed");
    const executor =
      (await demoActor(db, clock, "executor@demo.otklik.ru", "executor")) ?? systemActor("seed");
    // Oldest first, so that the registration numbers follow the order the incidents came in.
    const arrivals = DEMO_INCIDENTS.map((demo, index) => ({
      demo,
      index,
      receivedAt: receivedAtOf(demo, seededAt),
    }));
    arrivals.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    for (const { demo, index, receivedAt } of arrivals) {
      const moment = manualClock(receivedAt);
      const as = (actor: IncidentContext["actor"]): IncidentContext => ({ db, clock: moment, actor });
      const { incidentId } = await receivePlatformIncident(as(systemActor("platform")), {
        type: "incident",
        id: `demo-${String(index + 1).padStart(3, "0")}`,
        createdAt: new Date(receivedAt.getTime() - 4 * 60_000).toISOString(),
        sentAt: receivedAt.toISOString(),
        text: demo.text,
        source: {
          network: demo.network,
          url: `https://vk.com/wall-1_${1000 + index}`,
          authorName: `Житель ${index + 1}`,
        },
        location: { lat: demo.at[0], lon: demo.at[1] },
      });
      if (demo.fate === "as-received") continue;
      // Each step at its hour after arrival, never before the step before it, never later than the seed itself.
      let last = receivedAt.getTime();
      const step = (hours: number) => {
        last = Math.min(Math.max(last, receivedAt.getTime() + hours * HOUR), seededAt);
        moment.set(new Date(last));
      };
      // The operator's public reply, on the channel the citizen wrote on. The demonstration reaches no platform:
      // each delivery is recorded as the platform's acceptance at that moment (these replies are the desk's
      // history, not messages to send).
      const reply = async (text: string) => {
        const { reply: stored } = await replyToIncident(as(operator), incidentId, { text, force: true });
        if (stored) await deliverReply({ db, clock: moment }, stored.id, async () => "sent");
      };
      const { number } = await getIncident(as(systemActor("seed")), incidentId);
      if (demo.fate === "rejected") {
        step(0.5);
        await applyLifecycleCommand(as(operator), incidentId, {
          type: "reject",
          reason: "not-a-problem",
          comment:
            "Не относится к полномочиям администрации города / Not within the city administration's remit",
        });
        step(0.6);
        await reply(
          `Здравствуйте! Ваше обращение № ${number} рассмотрено: этот вопрос не относится к полномочиям ` +
            "администрации города. Подробнее о том, куда обратиться, — на сайте администрации в разделе «Обращения».",
        );
        continue;
      }
      step(FIRST_REPLY_HOURS[index % FIRST_REPLY_HOURS.length] ?? 1);
      await reply(
        `Здравствуйте! Ваше обращение зарегистрировано под № ${number} и передано в профильное управление. ` +
          "О результате сообщим в этой ветке.",
      );
      // The desk routed it; the operator assigns what it left without a department's decision, and the
      // department's executor (the operator elsewhere) takes it into work and resolves it.
      step(1);
      let incident: IncidentSummary = await getIncident(as(systemActor("seed")), incidentId);
      if (incident.status === "new" && incident.departmentId)
        incident = await applyLifecycleCommand(as(operator), incidentId, {
          type: "assign",
          departmentKey: incident.departmentId,
        });
      const worker =
        executor.kind === "user" && incident.departmentId === executor.departmentId ? executor : operator;
      step(1.5);
      incident = await applyLifecycleCommand(as(worker), incidentId, { type: "start" });
      if (demo.fate === "in-progress") continue;
      step(Math.max(2, demo.hoursAgo / 3));
      await applyLifecycleCommand(as(worker), incidentId, {
        type: "resolve",
        resolution: "explained",
        comment: "Работы выполнены, результат проверен / The work is done and checked",
        expectedVersion: incident.version,
      });
      await reply(
        `Здравствуйте! По обращению № ${number} работы выполнены, результат проверен. Спасибо, что сообщили.`,
      );
    }
  },
};

import { createHmac } from "node:crypto";

/** One signed platform intake, ready to send: unique `id`, raw body and its signature header. */
export interface SignedIntake {
  id: string;
  body: string;
  signature: string;
}

const TEXTS = [
  "Яма на дороге у дома, колесо пробили, просим заделать",
  "Во дворе не вывозят мусор третью неделю, контейнеры переполнены",
  "Не горят фонари на улице, вечером очень темно",
  "Не чистят снег во дворе, машины не могут выехать",
  "Автобус не пришёл по расписанию, ждали сорок минут",
  "В подъезде течёт крыша, после дождя вода на лестнице",
];
const STREETS = ["Ленина", "Щетинкина", "Пушкина", "Вяткина", "Чертыгашева", "Кирова"];

/** Makes intakes `<prefix>-0`, `<prefix>-1`… in advance, so signing costs nothing while the load runs. */
export class IntakeSource {
  #made: SignedIntake[] = [];
  #next = 0;
  #serial = 0;

  /**
   * @param textOf the text of intake `n` when it should differ from the usual rotation (e.g. every 20th
   *   in a category a test gives a short SLA), else `undefined`
   */
  constructor(
    readonly prefix: string,
    readonly secret: string,
    readonly textOf: (n: number) => string | undefined = () => undefined,
  ) {}

  /** Signs `count` more intakes now. */
  prepare(count: number): void {
    for (let i = 0; i < count; i++) this.#made.push(this.#make(this.#serial++));
  }

  /** The next unsent intake (made on the spot if the prepared ones ran out). */
  take(): SignedIntake {
    const made = this.#made[this.#next];
    if (made) {
      this.#made[this.#next++] = undefined as unknown as SignedIntake;
      return made;
    }
    return this.#make(this.#serial++);
  }

  #make(n: number): SignedIntake {
    const id = `${this.prefix}-${n}`;
    const now = new Date().toISOString();
    const body = JSON.stringify({
      type: "incident",
      id,
      createdAt: now,
      sentAt: now,
      text: `${this.textOf(n) ?? TEXTS[n % TEXTS.length]} (обращение ${n})`,
      source: { network: "vk", url: `https://vk.com/wall-1_${n}`, authorName: `Житель ${n % 997}` },
      address: `ул. ${STREETS[n % STREETS.length]}, ${1 + (n % 120)}`,
    });
    const signature = `sha256=${createHmac("sha256", this.secret).update(body).digest("hex")}`;
    return { id, body, signature };
  }
}

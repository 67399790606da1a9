import { findPattern, type StemPattern, stemPattern } from "../text/stem-patterns.js";
import { stems } from "../text/tokenize.js";

/** Why a comment is urgent: the closed set of reasons the rules can give. */
export type UrgencyReason =
  | "danger-to-life"
  | "heating-outage"
  | "hot-water-outage"
  | "cold-water-outage"
  | "gas"
  | "power-outage"
  | "fallen-wire"
  | "open-manhole"
  | "fire"
  | "animal-attack"
  | "falling-ice";

/** An urgency rule: a reason and phrases (slots of alternative words, within a few words of each other). */
export interface UrgencyRule {
  reason: UrgencyReason;
  patterns: readonly StemPattern[];
}

const OUTAGE = ["нет", "без", "отключили", "отключение", "пропала", "пропал", "отсутствует"];

/**
 * Abakan's urgency rules: danger to life, outages of heating, hot or cold water, gas and power, fallen
 * wires, open manholes, fire, attacks by animals, falling ice. Urgent incidents run on the always-open
 * SLA and are passed to the duty dispatch service (ЕДДС) at once. Written after the labelled set was
 * frozen.
 */
export const URGENCY_RULES: readonly UrgencyRule[] = [
  {
    reason: "danger-to-life",
    patterns: [
      stemPattern([
        ["угроза", "опасно", "опасность"],
        ["жизни", "жизнь"],
      ]),
      stemPattern(
        [
          ["рухнет", "рухнуть", "упадет", "упасть"],
          ["голову", "дети", "ребенка", "людей", "дорогу"],
        ],
        6,
      ),
      stemPattern([["скорая"], ["застряла"]]),
      stemPattern([["кипяток", "кипятком"]]),
    ],
  },
  {
    reason: "heating-outage",
    patterns: [
      stemPattern([OUTAGE, ["отопления", "отопление", "тепла"]]),
      stemPattern([
        ["батареи", "батарея", "радиаторы"],
        ["холодные", "еле", "ледяные"],
      ]),
      stemPattern(
        [
          ["квартире", "квартирах", "дома"],
          ["14", "15", "16", "градусов"],
          ["градусов", "холодно", "замерзают"],
        ],
        5,
      ),
      stemPattern(
        [
          ["замерзают", "мерзнем"],
          ["квартире", "дома", "люди"],
        ],
        5,
      ),
    ],
  },
  {
    reason: "hot-water-outage",
    patterns: [stemPattern([OUTAGE, ["горячей", "горячую", "гвс"], ["воды", "воду", "вода"]])],
  },
  {
    reason: "cold-water-outage",
    patterns: [
      stemPattern([OUTAGE, ["холодной", "холодную", "хвс"], ["воды", "вода", "воду"]]),
      stemPattern([["вода", "воды"], ["идет"], ["не"]], 5),
    ],
  },
  {
    reason: "gas",
    patterns: [
      stemPattern([
        ["пахнет", "запах", "утечка"],
        ["газом", "газа"],
      ]),
      stemPattern([["газ"], ["отключили", "нет", "пропал"]]),
    ],
  },
  {
    reason: "power-outage",
    patterns: [
      stemPattern([OUTAGE, ["электричества", "электроэнергии"]]),
      stemPattern([["света"], ["нет"], ["опять", "весь", "квартире", "доме", "подъезде"]]),
      stemPattern([["искрит", "искрят", "искрами"]]),
    ],
  },
  {
    reason: "fallen-wire",
    patterns: [
      stemPattern(
        [
          ["оборвало", "оборван", "оборвался", "лежит", "упал"],
          ["провод", "кабель", "провода"],
        ],
        6,
      ),
      stemPattern(
        [
          ["кабель", "провод"],
          ["висит", "низко"],
          ["проезжей", "дорогой", "тротуаром"],
        ],
        8,
      ),
      stemPattern([["видно", "торчат", "оголенные"], ["провода"]]),
    ],
  },
  {
    reason: "open-manhole",
    patterns: [
      stemPattern([
        ["открытый", "открыт", "без"],
        ["люк", "люка", "крышки"],
      ]),
      stemPattern([["люк"], ["крышки"], ["без", "нет"]]),
    ],
  },
  {
    reason: "fire",
    // Not «горит»: its stem «гор» is also that of «горы» («горы мусора»), and lamps «не горят».
    patterns: [stemPattern([["пожар", "подожгли", "поджег", "загореться", "возгорание"]])],
  },
  {
    reason: "animal-attack",
    patterns: [
      stemPattern(
        [
          ["покусали", "покусала", "укусила", "напали", "нападают", "бросаются"],
          ["людей", "женщину", "ребенка", "человека", "детей"],
        ],
        6,
      ),
    ],
  },
  {
    reason: "falling-ice",
    patterns: [
      stemPattern(
        [
          ["сосульки", "сосулька", "глыба", "наледь"],
          ["крыши", "крыш", "висят", "упала", "над"],
        ],
        5,
      ),
      stemPattern([["козырек", "козырьком"], ["снега"], ["нависает", "над"]], 6),
    ],
  },
];

/** The urgency reasons a text gives, with the rule that found each; empty when nothing is urgent. */
export function detectUrgency(text: string, rules: readonly UrgencyRule[] = URGENCY_RULES): UrgencyReason[] {
  const stemSequence = stems(text);
  return rules
    .filter((rule) => rule.patterns.some((pattern) => findPattern(stemSequence, pattern) >= 0))
    .map((rule) => rule.reason);
}

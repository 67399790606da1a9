import { normalizeText } from "../text/normalize.js";
import { findPattern, stemPattern } from "../text/stem-patterns.js";
import { stems } from "../text/tokenize.js";

/** Why a reply would be returned for rework under the region's criteria. */
export type ReplyWarningCode = "no-substance" | "no-date" | "no-proof" | "only-laws";

/** A warning shown to the operator before sending, Russian first. */
export interface ReplyWarning {
  code: ReplyWarningCode;
  ru: string;
  en: string;
}

/** A draft reply and what comes with it. */
export interface ReplyDraft {
  text: string;
  /** Photos, videos or acts attached to the reply. */
  attachmentCount: number;
}

const FORMULAS = [
  /здравствуйте[,!.]?/giu,
  /добрый (день|вечер|утро)[,!.]?/giu,
  /спасибо за (ваше )?(обращение|сообщение|информацию)[,!.]?/giu,
  /благодарим за (ваше )?(обращение|сообщение|информацию)[,!.]?/giu,
  /ваше (обращение|сообщение) (принято|передано|направлено|зарегистрировано|получено|рассмотрено)[^.!]*[.!]?/giu,
  /(обращение|информация) (передан[ао]?|направлен[ао]?) (в|для)[^.!]*[.!]?/giu,
  /с уважением[^.!]*[.!]?/giu,
  /администрация( города)?( абакана)?[.!]?/giu,
];

// Past participles and verbs that claim the work is done.
const DONE = stemPattern([
  [
    "устранено",
    "устранена",
    "устранены",
    "отремонтировано",
    "отремонтирована",
    "выполнено",
    "выполнены",
    "восстановлено",
    "восстановлена",
    "заменено",
    "заменены",
    "заменена",
    "вывезен",
    "вывезено",
    "убрано",
    "очищено",
    "заделана",
    "заделаны",
    "установлены",
    "установлено",
    "отловлены",
    "подключено",
    "возобновлено",
  ],
]);
const PLANNED = stemPattern([
  [
    "будет",
    "будут",
    "запланировано",
    "запланирован",
    "планируется",
    "планируются",
    "включено",
    "направлена",
    "поручено",
    "ближайшее",
  ],
]);
const MONTHS =
  /(январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)|\d{1,2}\.\d{1,2}(\.\d{2,4})?|\d{4} год|квартал|до конца (недели|месяца)|в течение \d+ (дн|рабоч|час)|сегодня|завтра/u;
const LAW =
  /(федеральн\S* закон\S*|\bфз\b|\d+-фз|стать[еяиью]\S*|\bст\.\s?\d|пункт\S*|\bп\.\s?\d|постановлени\S*|кодекс\S*|\bкоап\b|\bжк рф\b|правил\S* благоустройства|в соответствии с|согласно)/giu;

const FUTURE = new Set(stems("будет будут планируется"));

/** «устранено» claims a fix; «будет устранено» promises one. */
function claimsWorkDone(stemSequence: readonly string[]): boolean {
  const doneStems = DONE.slots[0] ?? [];
  return stemSequence.some(
    (stem, index) =>
      doneStems.includes(stem) &&
      !FUTURE.has(stemSequence[index - 1] ?? "") &&
      !FUTURE.has(stemSequence[index - 2] ?? ""),
  );
}

const LAW_ONCE = new RegExp(LAW.source, "iu");

function withoutFormulas(text: string): string {
  return FORMULAS.reduce((rest, formula) => rest.replace(formula, " "), text)
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * Checks a reply before it is sent against the criteria for returning answers for rework: no substance
 * (too short, or only greetings, thanks and «ваше обращение передано»), a promise with no date when the
 * problem is not fixed yet, a claim that it is fixed with no photo, video or act attached, and a reply
 * that mostly quotes laws without saying what will be done.
 */
export function checkReply(draft: ReplyDraft): ReplyWarning[] {
  const warnings: ReplyWarning[] = [];
  const text = normalizeText(draft.text).normalized;
  const substance = withoutFormulas(text);
  const substanceWords = stems(substance);
  if (substanceWords.length < 6) {
    warnings.push({
      code: "no-substance",
      ru: "Ответ без сути: кроме приветствия, благодарности и «обращение передано» в нём ничего нет. Напишите, что сделано или будет сделано.",
      en: "The reply has no substance beyond greetings, thanks and «passed on». Say what was or will be done.",
    });
  }
  const stemSequence = stems(text);
  const claimsDone = claimsWorkDone(stemSequence);
  if (claimsDone && draft.attachmentCount === 0) {
    warnings.push({
      code: "no-proof",
      ru: "Ответ сообщает, что проблема устранена, но к нему не приложено фото, видео или акт.",
      en: "The reply says the problem is fixed but has no photo, video or act attached.",
    });
  }
  if (!claimsDone && findPattern(stemSequence, PLANNED) >= 0 && !MONTHS.test(text)) {
    warnings.push({
      code: "no-date",
      ru: "Проблема ещё не решена, а срок не назван. Укажите дату или период устранения.",
      en: "The problem is not fixed yet and no date is given. Name a date or period for the fix.",
    });
  }
  const lawReferences = [...substance.matchAll(LAW)].length;
  const sentences = substance.split(/[.!?]+/u).filter((sentence) => sentence.trim().length > 0);
  const legalSentences = sentences.filter((sentence) => LAW_ONCE.test(sentence));
  if (
    lawReferences > 0 &&
    legalSentences.length * 2 > sentences.length &&
    !claimsDone &&
    findPattern(stemSequence, PLANNED) < 0
  ) {
    warnings.push({
      code: "only-laws",
      ru: "Ответ в основном цитирует законы и не говорит, что будет сделано по обращению.",
      en: "The reply mostly quotes laws and does not say what will be done about the problem.",
    });
  }
  return warnings;
}

import { type StemPattern, stemPattern } from "../text/stem-patterns.js";
import { tokenize } from "../text/tokenize.js";
import type { CategoryCode } from "./categories.js";

/**
 * Keywords per category, written as ordinary words and matched on their Snowball stems, so «ямы»,
 * «ямой» and «яма» are one keyword. A keyword of several words matches when its words stand within
 * three words of each other. Only words that point to one category are listed: the learned model
 * handles the rest. «Прочее» has no keywords: it is what remains.
 *
 * Written after `data/comments.jsonl` and its split were frozen; a test checks that at least a third
 * of the held-out comments contain none of these words. Words that name a place where any problem can
 * be («дорога», «остановка», «крыша», «парк»…) were dropped when they were right on at most half of
 * the training comments they occurred in.
 */
export const CATEGORY_KEYWORDS: Readonly<Record<CategoryCode, readonly string[]>> = {
  roads: [
    "яма",
    "ямы",
    "выбоина",
    "колдобина",
    "асфальт",
    "дорожный",
    "дорожники",
    "светофор",
    "разметка",
    "люк",
    "колея",
    "щебень",
  ],
  yards: [
    "качели",
    "горка",
    "песочница",
    "скамейка",
    "лавочка",
    "газон",
    "клумба",
    "покос",
    "дерево",
    "тополь",
    "береза",
    "сквер",
    "благоустройство",
    "спилить",
    "кронировать",
    "карусель",
    "турник",
    "беседка",
  ],
  housing: [
    "отопление",
    "батарея",
    "горячая вода",
    "холодная вода",
    "канализация",
    "лифт",
    "управляющая компания",
    "УК",
    "стояк",
    "счетчик",
    "газ",
    "электричество",
    "капремонт",
    "аварийный дом",
    "домофон",
  ],
  transport: [
    "автобус",
    "маршрутка",
    "троллейбус",
    "кондуктор",
    "маршрут",
    "рейс",
    "расписание",
    "транспорт",
    "проездной",
    "пазик",
  ],
  waste: [
    "мусор",
    "мусорный",
    "контейнер",
    "бак",
    "свалка",
    "вывоз",
    "мусоровоз",
    "отходы",
    "ТКО",
    "регоператор",
    "КГМ",
    "крупногабарит",
    "урна",
  ],
  "street-lighting": ["фонарь", "освещение", "светильник", "лампа", "неосвещенный", "темно", "темнота"],
  snow: [
    "снег",
    "снегопад",
    "сугроб",
    "гололед",
    "наледь",
    "сосулька",
    "лед",
    "скользко",
    "обледенела",
    "метель",
    "реагент",
    "замело",
  ],
  animals: [
    "собака",
    "пес",
    "псы",
    "стая",
    "свора",
    "отлов",
    "бродячий",
    "безнадзорный",
    "кошки",
    "щенки",
    "покусала",
    "приют",
  ],
  trade: [
    "магазин",
    "киоск",
    "ларек",
    "торговля",
    "торговать",
    "рынок",
    "продают",
    "ярмарка",
    "просрочка",
    "продавец",
    "алкоголь",
    "ценник",
  ],
  education: [
    "школа",
    "садик",
    "детсад",
    "детский сад",
    "учитель",
    "ученик",
    "класс",
    "урок",
    "воспитатель",
    "гимназия",
    "ЕГЭ",
    "кружок",
  ],
  healthcare: [
    "поликлиника",
    "больница",
    "врач",
    "терапевт",
    "педиатр",
    "травмпункт",
    "талон",
    "прививка",
    "анализы",
    "ФАП",
    "пациент",
  ],
  other: [],
};

/** A keyword of a category, compiled to stems. */
export interface CompiledKeyword {
  category: CategoryCode;
  keyword: string;
  pattern: StemPattern;
}

/** Turns a keyword into a pattern with one slot per word, the words within three of each other. */
export function keywordPattern(keyword: string): StemPattern {
  return stemPattern(
    tokenize(keyword).map((word) => [word]),
    3,
  );
}

/** Compiles a keyword table to stem patterns. */
export function compileKeywords(table: Readonly<Record<CategoryCode, readonly string[]>>): CompiledKeyword[] {
  return Object.entries(table).flatMap(([category, keywords]) =>
    keywords.map((keyword) => ({
      category: category as CategoryCode,
      keyword,
      pattern: keywordPattern(keyword),
    })),
  );
}

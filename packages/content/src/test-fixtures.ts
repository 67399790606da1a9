import type { ContentContext } from "./context.js";
import { createExplanatoryDraft } from "./explanatory/create-explanatory-draft.js";

/** An explanatory draft as the incidents subscriber would start it. */
export function explanatoryDraft(context: ContentContext, publisherId: string) {
  return createExplanatoryDraft(context, {
    topic: "Вывоз снега",
    questions: ["Когда вывезут снег с улицы Чертыгашева?", "Кто убирает снег во дворах?"],
    publisherId,
  });
}

import { z } from "zod";
import type { Language } from "../i18n/language.js";
import { type Bi, tr } from "../i18n/texts.js";
import type { FormState } from "../pages/forms.js";
import type { CommentValues } from "../pages/PublicationPage.js";

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

export function commentValues(body: Record<string, unknown>): CommentValues {
  return {
    paragraph: text(body.paragraph),
    text: text(body.text),
    name: text(body.name),
    email: text(body.email),
    consent: body.consent === "yes",
  };
}

const M = {
  paragraph: { ru: "Выберите пункт проекта из списка", en: "Choose a paragraph of the draft from the list" },
  text: { ru: "Напишите замечание", en: "Write your comment" },
  textLong: {
    ru: "Замечание — не больше 10 000 знаков",
    en: "The comment must be at most 10,000 characters",
  },
  name: { ru: "Укажите фамилию и имя", en: "Give your full name" },
  nameLong: { ru: "Имя — не больше 200 знаков", en: "The name must be at most 200 characters" },
  email: {
    ru: "Проверьте адрес электронной почты, например name@mail.ru",
    en: "Check the e-mail address, e.g. name@example.com",
  },
  consent: {
    ru: "Без согласия на обработку персональных данных замечание отправить нельзя",
    en: "The comment cannot be sent without consent to personal-data processing",
  },
} satisfies Record<string, Bi>;

export function validateComment(
  values: CommentValues,
  paragraphs: number,
  language: Language,
): FormState<CommentValues>["errors"] {
  const result = z
    .object({
      paragraph: z.union([
        z.literal(""),
        z
          .string()
          .regex(/^\d+$/, { message: "paragraph" })
          .refine((value) => Number(value) < paragraphs, { message: "paragraph" }),
      ]),
      text: z.string().min(1, { message: "text" }).max(10_000, { message: "textLong" }),
      name: z.string().min(1, { message: "name" }).max(200, { message: "nameLong" }),
      email: z.email({ message: "email" }).max(254, { message: "email" }),
      consent: z.literal(true, { message: "consent" }),
    })
    .safeParse(values);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    const message = M[issue.message as keyof typeof M];
    errors[field] ??= message ? tr(language, message) : issue.message;
  }
  return errors;
}

export function commentBody(values: CommentValues, consentTextId: string): object {
  return {
    ...(values.paragraph === "" ? {} : { paragraph: Number(values.paragraph) }),
    text: values.text,
    author: { name: values.name, email: values.email },
    consentTextId,
  };
}

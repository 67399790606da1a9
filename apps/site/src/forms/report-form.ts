import { z } from "zod";
import type { ApiProblem } from "../api-client/api-client.js";
import { REPORT_PHOTO_MAX_BYTES, REPORT_PHOTOS_MAX } from "../api-client/incidents.js";
import type { Language } from "../i18n/language.js";
import { type Bi, tr } from "../i18n/texts.js";
import type { FormState } from "../pages/forms.js";
import { bilingualPart } from "../pages/ProblemList.js";
import type { ReportValues } from "../pages/ReportPage.js";
import { newSubmissionId } from "./submissions.js";

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/** A file part of the form (Hono gives `File`s; duck-typed so another copy of the class is no trap). */
function isFilePart(value: unknown): value is File {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as File).arrayBuffer === "function" &&
    typeof (value as File).size === "number"
  );
}

/**
 * The photos chosen in the form. A browser sends an empty file input as a part with no name and no
 * bytes: that is no photo.
 */
export function reportPhotos(body: Record<string, unknown>): File[] {
  const raw = body.photos;
  const parts = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return parts.filter((part): part is File => isFilePart(part) && !(part.size === 0 && part.name === ""));
}

/** The form as sent (every field a string, or absent); nothing is trusted yet. */
export function reportValues(body: Record<string, unknown>): ReportValues {
  const submission = text(body.submission);
  return {
    category: text(body.category),
    description: text(body.description),
    address: text(body.address),
    name: text(body.name),
    email: text(body.email),
    phone: text(body.phone),
    consent: body.consent === "yes",
    photoCount: reportPhotos(body).length,
    submission: /^[A-Za-z0-9_-]{8,64}$/.test(submission) ? submission : newSubmissionId(),
  };
}

const M = {
  category: { ru: "Выберите, что случилось", en: "Choose what happened" },
  descriptionShort: {
    ru: "Опишите проблему: не меньше 5 знаков",
    en: "Describe the problem: at least 5 characters",
  },
  descriptionLong: {
    ru: "Описание — не больше 4000 знаков",
    en: "The description must be at most 4000 characters",
  },
  address: { ru: "Адрес — не больше 500 знаков", en: "The address must be at most 500 characters" },
  name: { ru: "Имя — не больше 200 знаков", en: "The name must be at most 200 characters" },
  email: {
    ru: "Проверьте адрес электронной почты, например name@mail.ru",
    en: "Check the e-mail address, e.g. name@example.com",
  },
  phone: {
    ru: "Проверьте телефон, например +7 913 000-00-00",
    en: "Check the phone number, e.g. +7 913 000-00-00",
  },
  contact: {
    ru: "Укажите электронную почту или телефон, чтобы мы могли ответить",
    en: "Give an e-mail or a phone so that we can answer",
  },
  consent: {
    ru: "Без согласия на обработку персональных данных сообщение отправить нельзя",
    en: "The report cannot be sent without consent to personal-data processing",
  },
  photosTooMany: {
    ru: `Можно приложить не больше ${REPORT_PHOTOS_MAX} фото`,
    en: `At most ${REPORT_PHOTOS_MAX} photos may be attached`,
  },
} satisfies Record<string, Bi>;

/** What the site checks before it asks the API (the API checks again: it is the authority). */
const ReportInput = (categories: readonly string[]) =>
  z
    .object({
      category: z.string().refine((value) => categories.includes(value), { message: "category" }),
      description: z
        .string()
        .min(5, { message: "descriptionShort" })
        .max(4000, { message: "descriptionLong" }),
      address: z.string().max(500, { message: "address" }),
      name: z.string().max(200, { message: "name" }),
      email: z.union([z.literal(""), z.email({ message: "email" }).max(254, { message: "email" })]),
      phone: z.union([z.literal(""), z.string().regex(/^\+?[\d\s()-]{5,40}$/, { message: "phone" })]),
      consent: z.literal(true, { message: "consent" }),
    })
    .refine((input) => input.email !== "" || input.phone !== "", { message: "contact", path: ["email"] });

export function validateReport(
  values: ReportValues,
  categories: readonly string[],
  language: Language,
  photos: readonly File[] = [],
): FormState<ReportValues>["errors"] {
  const errors: Record<string, string> = {};
  const big = photos.findIndex((photo) => photo.size > REPORT_PHOTO_MAX_BYTES);
  if (photos.length > REPORT_PHOTOS_MAX) errors.photos = tr(language, M.photosTooMany);
  else if (big >= 0) {
    const limit = Math.round(REPORT_PHOTO_MAX_BYTES / (1024 * 1024));
    errors.photos = tr(language, {
      ru: `Фото ${big + 1} («${photos[big]?.name}») больше ${limit} МБ`,
      en: `Photo ${big + 1} ("${photos[big]?.name}") is larger than ${limit} MB`,
    });
  }
  const result = ReportInput(categories).safeParse(values);
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    const message = M[issue.message as keyof typeof M];
    errors[field] ??= message ? tr(language, message) : issue.message;
  }
  return errors;
}

/** The API's own refusal, placed next to the fields it names, in the reader's language. */
export function errorsFromApi(
  problems: ApiProblem[],
  message: string,
  language: Language,
  fields: readonly string[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const [first, second] = problem.path.map(String);
    const field =
      first === "contacts"
        ? second && fields.includes(second)
          ? second
          : "email"
        : first === "author"
          ? second
          : first;
    const target = field && fields.includes(field) ? field : "form";
    errors[target] ??= bilingualPart(problem.message, language);
  }
  if (Object.keys(errors).length === 0) errors.form = bilingualPart(message, language);
  return errors;
}

/** The multipart body `POST /api/v1/reports` takes with photos: the JSON report and the files. */
export function reportForm(values: ReportValues, consentVersion: number, photos: readonly File[]): FormData {
  const form = new FormData();
  form.append("report", JSON.stringify(reportBody(values, consentVersion)));
  for (const photo of photos) form.append("photos", photo, photo.name || "photo");
  return form;
}

/** The body `POST /api/v1/reports` takes. */
export function reportBody(values: ReportValues, consentVersion: number): object {
  return {
    category: values.category,
    description: values.description,
    ...(values.address ? { address: values.address } : {}),
    contacts: {
      ...(values.name ? { name: values.name } : {}),
      ...(values.email ? { email: values.email } : {}),
      ...(values.phone ? { phone: values.phone } : {}),
    },
    consent: { accepted: true, textVersion: consentVersion },
  };
}

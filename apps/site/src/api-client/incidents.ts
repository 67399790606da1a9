import { z } from "zod";

/** A category of the incident desk as Open311 `services.json` lists it («Дороги / Roads»). */
export const Open311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
});
export type Open311Service = z.infer<typeof Open311Service>;
export const Open311Services = z.array(Open311Service);

/** A public service request (GeoReport v2): no personal data. */
export const Open311Request = z.object({
  service_request_id: z.string(),
  status: z.enum(["open", "closed"]),
  status_notes: z.string().nullable().optional(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type Open311Request = z.infer<typeof Open311Request>;
export const Open311Requests = z.array(Open311Request);

/** `GET /api/v1/track/{token}`: what the citizen sees of their report. */
export const TrackedIncident = z.object({
  number: z.string(),
  status: z.string(),
  category: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  replies: z.array(z.object({ text: z.string(), at: z.string() })),
  /** Photos proving the fix, published by staff (metadata-free copies served by the API). */
  proof: z
    .array(
      z.object({
        mediaId: z.string(),
        url: z.string(),
        thumbnailUrl: z.string(),
        width: z.number().int().nullable(),
        height: z.number().int().nullable(),
        at: z.string(),
      }),
    )
    .default([]),
});
export type TrackedIncident = z.infer<typeof TrackedIncident>;
export type ProofPhoto = TrackedIncident["proof"][number];

/** `GET /api/v1/public/departments`: only what the administration published about each department. */
export const PublicDepartment = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  parentId: z.string().nullable(),
  headName: z.string().optional(),
  headPosition: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
  hours: z.string().optional(),
});
export type PublicDepartment = z.infer<typeof PublicDepartment>;
export const PublicDepartments = z.object({ items: z.array(PublicDepartment) });

/** `POST /api/v1/reports` answers the number and the tracking token. */
export const ReportAccepted = z.object({ registrationNumber: z.string(), trackingToken: z.string() });

/** What the API takes with a report (its `CITIZEN_PHOTOS_*`): checked here before sending, and by the API. */
export const REPORT_PHOTOS_MAX = 5;
export const REPORT_PHOTO_MAX_BYTES = 20 * 1024 * 1024;
export const REPORT_PHOTOS_MAX_TOTAL_BYTES = 50 * 1024 * 1024;
export type ReportAccepted = z.infer<typeof ReportAccepted>;

/** The incident desk's statuses in words (the desk's own list), Russian first. */
export const STATUS_NAMES: Record<string, { ru: string; en: string }> = {
  new: { ru: "Зарегистрировано", en: "Registered" },
  assigned: { ru: "Передано исполнителю", en: "Assigned" },
  in_progress: { ru: "В работе", en: "In progress" },
  waiting_for_citizen: { ru: "Ожидает ответа заявителя", en: "Waiting for the citizen" },
  forwarded: { ru: "Перенаправлено по компетенции", en: "Forwarded" },
  resolved: { ru: "Решено", en: "Resolved" },
  closed: { ru: "Закрыто", en: "Closed" },
  rejected: { ru: "Отклонено", en: "Rejected" },
  reopened: { ru: "Возобновлено", en: "Reopened" },
};

/** «Дороги / Roads» → the part in the reader's language. */
export function serviceName(service: Open311Service, language: "ru" | "en"): string {
  const [ru, en] = service.description.split(" / ");
  return (language === "en" ? en : ru) ?? service.service_name;
}

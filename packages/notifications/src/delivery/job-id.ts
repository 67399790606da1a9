import { createHash } from "node:crypto";

/** A UUID derived from a notification and its attempt: sending the same job twice is a no-op. */
export function deliveryJobId(notificationId: string, attempt: number | string): string {
  const hex = createHash("sha256").update(`${notificationId}:${attempt}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

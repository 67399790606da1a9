import { z } from "zod";

/** The places Otklik talks to: the incident platform, four social networks and e-mail. */
export const Platform = z.enum(["platform", "vk", "telegram", "ok", "max", "email"]);
export type Platform = z.infer<typeof Platform>;

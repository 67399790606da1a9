import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiDependencies, ApiEnvironment } from "../http/context.js";
import { LocalisedText } from "../openapi/schemas.js";

const City = z
  .object({
    name: LocalisedText,
    administration: LocalisedText,
    timeZone: z.string().openapi({ example: "Asia/Krasnoyarsk" }),
    contacts: z.object({ address: LocalisedText, phone: z.string(), email: z.string() }),
  })
  .openapi("City");
export type City = z.infer<typeof City>;

/**
 * The reference city. Until the settings screens exist (admin issue) the profile
 * is configuration; only the time zone comes from `OTKLIK_TIME_ZONE`.
 */
export function abakan(timeZone: string): City {
  return {
    name: { ru: "Абакан", en: "Abakan" },
    administration: { ru: "Администрация города Абакана", en: "Abakan City Administration" },
    timeZone,
    contacts: {
      address: {
        ru: "655017, Республика Хакасия, г. Абакан, ул. Щетинкина, 10",
        en: "10 Shchetinkina St, Abakan, Republic of Khakassia, 655017",
      },
      phone: "+73902223344",
      email: "press@abakan.example",
    },
  };
}

const cityRoute = createRoute({
  method: "get",
  path: "/api/v1/city",
  tags: ["City"],
  summary: "The city's profile: names, time zone and contacts",
  security: [],
  responses: { 200: { description: "The city", content: { "application/json": { schema: City } } } },
});

export function registerCityRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  const city = abakan(deps.settings.timeZone);
  app.openapi(cityRoute, (c) => {
    c.header("Cache-Control", "public, max-age=60");
    return c.json(city, 200);
  });
}

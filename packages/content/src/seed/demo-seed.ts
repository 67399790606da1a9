import type { SeedContribution } from "@otklik/db";
import { IDENTITY_DEMO_SEED, listDepartments, publishLegalText, systemActor } from "@otklik/identity";
import type { ContentContext } from "../context.js";
import { createHandbookSection } from "../handbook/handbook.js";
import { HEARING_CONSENT_PURPOSE } from "../hearings/comments.js";
import { createPublication } from "../publication/create-publication.js";
import { createPublisher } from "../publication/publishers.js";
import { approvePublication, publishPublication, submitPublication } from "../workflow/transition.js";

export const CONTENT_DEMO_SEED = "content.abakan-demo";

const DAY = 24 * 60 * 60_000;

/** Abakan demo publications — clearly marked as demo: a statement, news, an announcement, an open hearing, handbook articles. */
export const contentDemoSeed: SeedContribution = {
  name: CONTENT_DEMO_SEED,
  dependsOn: [IDENTITY_DEMO_SEED],
  async run({ db, clock }) {
    const context: ContentContext = { db, clock, actor: systemActor("seed") };
    const now = clock.now();
    const departments = await listDepartments(context, { limit: 100 });
    const housing =
      departments.items.find((department) => /ЖКХ/.test(department.name)) ?? departments.items[0];
    const housingId = housing?.id ?? "dep_demo";
    const administration = await createPublisher(context, {
      kind: "administration",
      name: "Администрация города Абакана",
      shortName: "Администрация",
    });
    await createPublisher(context, {
      kind: "council",
      name: "Совет депутатов города Абакана",
      shortName: "Совет депутатов",
    });
    await createPublisher(context, {
      kind: "election_commission",
      name: "Территориальная избирательная комиссия г. Абакана",
      shortName: "ТИК",
    });
    await publishLegalText(context, HEARING_CONSENT_PURPOSE, {
      title: "Согласие на обработку персональных данных участника общественных обсуждений (демо)",
      body: "Я даю согласие администрации города Абакана на обработку моих фамилии, имени и адреса электронной почты для учёта моего замечания в общественных обсуждениях. Демонстрационный текст.",
    });
    const live = async (input: Parameters<typeof createPublication>[1]) => {
      const publication = await createPublication(context, input);
      await submitPublication(context, publication.id);
      await approvePublication(context, publication.id);
      return publishPublication(context, publication.id);
    };
    await live({
      type: "official_statement",
      title: "[Демо] Об отключении горячей воды в микрорайоне Интернациональный",
      summary: "С 3 по 5 июня будут проводиться гидравлические испытания тепловых сетей.",
      body: "Администрация города Абакана сообщает: в связи с гидравлическими испытаниями тепловых сетей **с 3 по 5 июня** горячая вода будет отключена по улицам Кирова, Чертыгашева и Советской.\n\nСправки по телефону ЕДДС: 112.\n\n_Демонстрационная публикация._",
      publisherId: administration.id,
      tags: ["ЖКХ", "демо"],
    });
    await live({
      type: "news",
      title: "[Демо] В Абакане начался ямочный ремонт дорог",
      summary: "Подрядчик устраняет ямы на дорогах по улицам Пушкина и Щетинкина.",
      body: "Ямочный ремонт начался на дорогах города. Первыми отремонтируют ямы на улицах Пушкина и Щетинкина, затем — на проспекте Ленина.\n\n| улица | срок |\n| --- | --- |\n| Пушкина | до 15 мая |\n| Щетинкина | до 25 мая |\n\n_Демонстрационная публикация._",
      publisherId: administration.id,
      tags: ["дороги", "демо"],
    });
    await live({
      type: "announcement",
      title: "[Демо] Субботник на набережной Абакана",
      summary: "Приглашаем горожан на общегородской субботник.",
      body: "Сбор у сквера Лётчиков в 10:00. Перчатки и мешки выдадут на месте.\n\n_Демонстрационная публикация._",
      publisherId: administration.id,
      fields: { eventAt: new Date(now.getTime() + 7 * DAY).toISOString(), place: "Набережная реки Абакан" },
    });
    await live({
      type: "hearing",
      title: "[Демо] Общественные обсуждения проекта правил благоустройства",
      summary: "Обсуждаем изменения в правила благоустройства территории города Абакана.",
      body: "Замечания принимаются на сайте в течение периода обсуждения.\n\n_Демонстрационная публикация._",
      publisherId: administration.id,
      fields: {
        draftParagraphs: [
          "1. Собственники зданий обеспечивают уборку прилегающей территории шириной 5 метров.",
          "2. Размещение вывесок согласуется с управлением архитектуры и градостроительства.",
          "3. Зимняя уборка тротуаров проводится до 8:00.",
        ],
        responsibleDepartmentId: housingId,
        opensAt: new Date(now.getTime() - DAY).toISOString(),
        closesAt: new Date(now.getTime() + 21 * DAY).toISOString(),
        howToTakePart:
          "Оставьте замечание на этой странице к проекту в целом или к пункту, либо направьте письмо по адресу: г. Абакан, ул. Щетинкина, 10.",
      },
    });
    const section = await createHandbookSection(context, {
      title: "Жильё и ЖКХ",
      ownerDepartmentId: housingId,
    });
    const reviewBy = new Date(now.getTime() + 90 * DAY).toISOString().slice(0, 10);
    await live({
      type: "handbook_article",
      title: "[Демо] Куда сообщить об аварии в доме",
      summary: "Телефоны аварийных служб и управляющих компаний.",
      body: "Об аварии в доме сообщите в управляющую компанию или в ЕДДС по телефону **112**.\n\n_Демонстрационная публикация._",
      publisherId: administration.id,
      fields: { sectionId: section.id, ownerDepartmentId: housingId, reviewBy },
    });
    await live({
      type: "handbook_article",
      title: "[Демо] Как получить разрешение на раскопки",
      summary: "Ордер на земляные работы выдаёт управление ЖКХ.",
      body: "Подайте заявление через Госуслуги или в МФЦ.\n\n_Демонстрационная публикация._",
      publisherId: administration.id,
      fields: { sectionId: section.id, ownerDepartmentId: housingId, reviewBy },
    });
  },
};

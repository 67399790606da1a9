import type { Role } from "../access/roles.js";

/**
 * Abakan's administration for the demo, coarse but true to its shape: deputy
 * heads of the administration each oversee a group of departments. People's
 * names are invented.
 */
export const DEMO_OFFICIALS = [
  {
    key: "first-deputy",
    fullName: "Сергеев Андрей Викторович",
    position: "Первый заместитель Главы города Абакана",
  },
  {
    key: "city-economy",
    fullName: "Ковалёв Дмитрий Олегович",
    position: "Заместитель Главы города Абакана по жилищно-коммунальному хозяйству и транспорту",
  },
  {
    key: "construction",
    fullName: "Белова Ирина Николаевна",
    position: "Заместитель Главы города Абакана по градостроительству",
  },
  {
    key: "social",
    fullName: "Майнагашева Елена Петровна",
    position: "Заместитель Главы города Абакана по социальным вопросам",
  },
] as const;

type OfficialKey = (typeof DEMO_OFFICIALS)[number]["key"];

export const DEMO_DEPARTMENTS: readonly {
  key: string;
  name: string;
  shortName: string;
  official: OfficialKey | null;
  phone: string;
  email: string;
}[] = [
  {
    key: "press",
    name: "Пресс-служба Администрации города Абакана",
    shortName: "Пресс-служба",
    official: "first-deputy",
    phone: "+73902223344",
    email: "press@abakan.example",
  },
  {
    key: "housing",
    name: "Управление жилищно-коммунального хозяйства",
    shortName: "Управление ЖКХ",
    official: "city-economy",
    phone: "+73902223301",
    email: "gkh@abakan.example",
  },
  {
    key: "transport",
    name: "Управление транспорта и связи",
    shortName: "Управление транспорта",
    official: "city-economy",
    phone: "+73902223302",
    email: "transport@abakan.example",
  },
  {
    key: "architecture",
    name: "Управление архитектуры и градостроительства",
    shortName: "УАиГ",
    official: "construction",
    phone: "+73902223303",
    email: "arch@abakan.example",
  },
  {
    key: "education",
    name: "Управление образования",
    shortName: "Управление образования",
    official: "social",
    phone: "+73902223304",
    email: "edu@abakan.example",
  },
  {
    key: "culture",
    name: "Управление культуры",
    shortName: "Управление культуры",
    official: "social",
    phone: "+73902223305",
    email: "culture@abakan.example",
  },
  {
    key: "edds",
    name: "МКУ «Абаканский ЕДДС»",
    shortName: "ЕДДС",
    official: "first-deputy",
    phone: "+73902223112",
    email: "edds@abakan.example",
  },
];

/** The demo accounts of the README, one per role, all with the password `otklik-demo`. */
export const DEMO_USERS: readonly { email: string; fullName: string; role: Role; department: string }[] = [
  { email: "admin@demo.otklik.ru", fullName: "Администратор Демо", role: "admin", department: "press" },
  { email: "operator@demo.otklik.ru", fullName: "Оператор ЦУР Демо", role: "operator", department: "press" },
  { email: "editor@demo.otklik.ru", fullName: "Редактор Демо", role: "editor", department: "press" },
  {
    email: "executor@demo.otklik.ru",
    fullName: "Исполнитель ЖКХ Демо",
    role: "executor",
    department: "housing",
  },
  { email: "head@demo.otklik.ru", fullName: "Руководитель ЖКХ Демо", role: "head", department: "housing" },
  { email: "analyst@demo.otklik.ru", fullName: "Аналитик Демо", role: "analyst", department: "press" },
];

/** The Open311 demo key of DESIGN.md. */
export const DEMO_OPEN311_KEY = "open311-demo-key";

export const DEMO_PRIVACY_POLICY = {
  title: "Политика обработки персональных данных Администрации города Абакана (демо)",
  body:
    "Администрация города Абакана обрабатывает персональные данные граждан, обратившихся через сайт, " +
    "социальные сети и платформу обратной связи, чтобы рассмотреть обращение и сообщить о результате " +
    "(Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»). Данные хранятся не дольше, чем нужно " +
    "для этой цели, затем обезличиваются. Вы вправе получить сведения о своих данных, потребовать их уточнения " +
    "или уничтожения, написав на press@abakan.example. Это демонстрационный текст.",
};

export const DEMO_INCIDENT_CONSENT = {
  document: "incident-report",
  title: "Согласие на обработку персональных данных при сообщении о проблеме",
  body:
    "Я даю согласие Администрации города Абакана (655017, г. Абакан, ул. Щетинкина, 10) на обработку моих " +
    "персональных данных — имени, адреса электронной почты, телефона — с целью рассмотрения моего сообщения о " +
    "проблеме в городе и ответа на него. Согласие действует до достижения цели обработки или до его отзыва, " +
    "который я могу направить на press@abakan.example. Это демонстрационный текст.",
};

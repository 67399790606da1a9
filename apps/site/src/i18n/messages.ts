import type { Language } from "./language.js";

/** Every fixed text of the site's frame and pages, in both languages. */
export interface Messages {
  skipLink: string;
  officialSite: string;
  mainNavigation: string;
  home: string;
  contacts: string;
  languageLabel: string;
  visionOn: string;
  visionOff: string;
  colourScheme: string;
  schemes: { "black-on-white": string; "white-on-black": string; "blue-on-lightblue": string };
  homeDescription: (administration: string) => string;
  welcome: string;
  address: string;
  phone: string;
  email: string;
  cityTime: string;
  rights: (administration: string) => string;
}

export const MESSAGES: Record<Language, Messages> = {
  ru: {
    skipLink: "Перейти к основному содержанию",
    officialSite: "Официальный сайт",
    mainNavigation: "Основное меню",
    home: "Главная",
    contacts: "Контакты",
    languageLabel: "Язык",
    visionOn: "Версия для слабовидящих",
    visionOff: "Обычная версия сайта",
    colourScheme: "Цветовая схема",
    schemes: {
      "black-on-white": "Чёрным по белому",
      "white-on-black": "Белым по чёрному",
      "blue-on-lightblue": "Синим по голубому",
    },
    homeDescription: (administration) =>
      `Официальный сайт: ${administration}. Новости, объявления, обращения горожан.`,
    welcome:
      "Официальная информация администрации города: как связаться с администрацией и её пресс-службой.",
    address: "Адрес",
    phone: "Телефон",
    email: "Электронная почта",
    cityTime: "Время в городе",
    rights: (administration) => `© ${administration}`,
  },
  en: {
    skipLink: "Skip to main content",
    officialSite: "Official website",
    mainNavigation: "Main menu",
    home: "Home",
    contacts: "Contacts",
    languageLabel: "Language",
    visionOn: "Version for the visually impaired",
    visionOff: "Standard version",
    colourScheme: "Colour scheme",
    schemes: {
      "black-on-white": "Black on white",
      "white-on-black": "White on black",
      "blue-on-lightblue": "Dark blue on light blue",
    },
    homeDescription: (administration) =>
      `Official website of the ${administration}: news, notices, citizens' reports.`,
    welcome:
      "Official information of the city administration: how to reach the administration and its press office.",
    address: "Address",
    phone: "Phone",
    email: "E-mail",
    cityTime: "Local time",
    rights: (administration) => `© ${administration}`,
  },
};

/** Real-shaped MAX webhook updates (dev.max.ru/docs-api/objects/Update). */
export const MAX_CHAT_ID = -72_001_500_300;

const citizen = {
  user_id: 54_321,
  first_name: "Пётр",
  last_name: "Сидоров",
  name: "Пётр Сидоров",
  username: null,
  is_bot: false,
  last_activity_time: 1_732_690_700_000,
};

export const maxComment = {
  update_type: "message_created",
  timestamp: 1_732_690_800_000,
  message: {
    sender: citizen,
    recipient: { chat_id: MAX_CHAT_ID, chat_type: "chat" },
    timestamp: 1_732_690_800_000,
    link: { type: "reply", message: { mid: "mid.000000000000000a", seq: 10, text: "Объявление" } },
    body: {
      mid: "mid.00000000000000f1",
      seq: 113_540_000_000_001,
      text: "Не горит фонарь на Пушкина, 89",
      attachments: [
        { type: "image", payload: { photo_id: 77, token: "t", url: "https://i.oneme.ru/i?r=abc" } },
      ],
    },
  },
  user_locale: "ru",
};

export const maxDialogMessage = {
  update_type: "message_created",
  timestamp: 1_732_691_000_000,
  message: {
    sender: citizen,
    recipient: { chat_id: 123_456, chat_type: "dialog", user_id: 9_001 },
    timestamp: 1_732_691_000_000,
    body: { mid: "mid.00000000000000f2", seq: 2, text: "Здравствуйте, куда жаловаться на шум?" },
  },
};

export const maxRemoved = {
  update_type: "message_removed",
  timestamp: 1_732_691_100_000,
  message_id: "mid.00000000000000f1",
  chat_id: MAX_CHAT_ID,
  user_id: 54_321,
};

/** Real-shaped Bot API updates: a channel with a linked discussion group. */
export const CHANNEL_ID = -1_001_234_567_890;
export const DISCUSSION_ID = -1_001_987_654_321;

const citizen = {
  id: 400_100_200,
  is_bot: false,
  first_name: "Ольга",
  last_name: "Иванова",
  username: "olga_abakan",
  language_code: "ru",
};
const discussion = { id: DISCUSSION_ID, title: "Абакан официальный — обсуждение", type: "supergroup" };
const channel = { id: CHANNEL_ID, title: "Абакан официальный", username: "abakan_official", type: "channel" };

/** The channel post as Telegram mirrors it into the discussion group (not a comment). */
export const automaticForward = {
  update_id: 905_000_001,
  message: {
    message_id: 880,
    sender_chat: channel,
    chat: discussion,
    date: 1_732_690_000,
    is_automatic_forward: true,
    forward_origin: { type: "channel", chat: channel, message_id: 512, date: 1_732_690_000 },
    text: "Сегодня в Абакане стартует ремонт дорог",
  },
};

/** A citizen's comment under that post. */
export const comment = {
  update_id: 905_000_002,
  message: {
    message_id: 881,
    message_thread_id: 880,
    from: citizen,
    chat: discussion,
    date: 1_732_690_800,
    reply_to_message: automaticForward.message,
    text: "А на Чертыгашева яма так и осталась",
  },
};

export const editedComment = {
  update_id: 905_000_003,
  edited_message: {
    ...comment.message,
    edit_date: 1_732_690_900,
    text: "А на Чертыгашева, 5 яма так и осталась",
  },
};

export const privateMessageWithPhoto = {
  update_id: 905_000_004,
  message: {
    message_id: 17,
    from: citizen,
    chat: {
      id: citizen.id,
      first_name: "Ольга",
      last_name: "Иванова",
      username: "olga_abakan",
      type: "private",
    },
    date: 1_732_691_000,
    photo: [
      { file_id: "AgACAgIAAxkBAAMR-small", file_unique_id: "AQADs", file_size: 1_200, width: 90, height: 67 },
      {
        file_id: "AgACAgIAAxkBAAMR-large",
        file_unique_id: "AQADl",
        file_size: 98_000,
        width: 1280,
        height: 960,
      },
    ],
    caption: "Сломана лавочка во дворе",
  },
};

export const channelPost = {
  update_id: 905_000_005,
  channel_post: {
    message_id: 513,
    sender_chat: channel,
    chat: channel,
    date: 1_732_692_000,
    text: "Объявление",
  },
};

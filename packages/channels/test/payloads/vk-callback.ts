/** Real-shaped VK Callback API events for community 218_000_001 (API 5.199). */
export const VK_GROUP_ID = 218_000_001;
export const VK_CALLBACK_SECRET = "callback-secret-4f9a";

const envelope = (type: string, object: unknown, eventId: string): Record<string, unknown> => ({
  group_id: VK_GROUP_ID,
  type,
  event_id: eventId,
  v: "5.199",
  object,
  secret: VK_CALLBACK_SECRET,
});

export const vkConfirmation = { type: "confirmation", group_id: VK_GROUP_ID, event_id: "c0", v: "5.199" };

export const vkWallReplyNew = envelope(
  "wall_reply_new",
  {
    id: 3_115,
    from_id: 540_112_987,
    post_id: 2_209,
    owner_id: -VK_GROUP_ID,
    parents_stack: [],
    date: 1_732_690_800,
    text: "На ул. Щетинкина, 12 третий день не убирают мусор",
    attachments: [
      {
        type: "photo",
        photo: {
          album_id: -5,
          date: 1_732_690_790,
          id: 457_239_101,
          owner_id: 540_112_987,
          has_tags: false,
          sizes: [
            { height: 75, type: "s", width: 100, url: "https://sun9-1.userapi.com/s.jpg" },
            { height: 960, type: "w", width: 1280, url: "https://sun9-1.userapi.com/w.jpg" },
            { height: 453, type: "x", width: 604, url: "https://sun9-1.userapi.com/x.jpg" },
          ],
          text: "",
        },
      },
    ],
    thread: { count: 0 },
  },
  "7a1c5d9e0b2f4a6c8d0e1f2a3b4c5d6e7f809102",
);

export const vkWallReplyEdit = envelope(
  "wall_reply_edit",
  {
    id: 3_115,
    from_id: 540_112_987,
    post_id: 2_209,
    owner_id: -VK_GROUP_ID,
    parents_stack: [],
    date: 1_732_690_800,
    text: "На ул. Щетинкина, 12 четвёртый день не убирают мусор",
    reply_to_user: -VK_GROUP_ID,
    reply_to_comment: 3_100,
  },
  "7a1c5d9e0b2f4a6c8d0e1f2a3b4c5d6e7f809103",
);

export const vkWallReplyDelete = envelope(
  "wall_reply_delete",
  { owner_id: -VK_GROUP_ID, id: 3_115, user_id: 540_112_987, deleter_id: 540_112_987, post_id: 2_209 },
  "7a1c5d9e0b2f4a6c8d0e1f2a3b4c5d6e7f809104",
);

export const vkMessageNew = envelope(
  "message_new",
  {
    message: {
      date: 1_732_691_000,
      from_id: 540_112_987,
      id: 0,
      out: 0,
      version: 10_001_234,
      attachments: [],
      conversation_message_id: 57,
      fwd_messages: [],
      important: false,
      is_hidden: false,
      peer_id: 540_112_987,
      random_id: 0,
      text: "Когда включат отопление в доме на Ленина, 60?",
    },
    client_info: {
      button_actions: ["text", "vkpay", "open_app", "location", "open_link", "callback"],
      keyboard: true,
      inline_keyboard: true,
      carousel: true,
      lang_id: 0,
    },
  },
  "7a1c5d9e0b2f4a6c8d0e1f2a3b4c5d6e7f809105",
);

export const vkWallPostNew = envelope(
  "wall_post_new",
  {
    inner_type: "wall_wallpost",
    id: 2_210,
    from_id: 540_112_987,
    owner_id: -VK_GROUP_ID,
    date: 1_732_692_000,
    post_type: "suggest",
    text: "Предлагаю установить скамейки в сквере на Пушкина",
    can_delete: 1,
    comments: { count: 0 },
    marked_as_ads: 0,
  },
  "7a1c5d9e0b2f4a6c8d0e1f2a3b4c5d6e7f809106",
);

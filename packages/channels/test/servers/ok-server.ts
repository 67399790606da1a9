import { createHash } from "node:crypto";
import { z } from "zod";
import {
  type ProtocolAnswer,
  type ProtocolServer,
  startProtocolServer,
  takeFault,
} from "./protocol-server.js";

const md5 = (text: string): string => createHash("md5").update(text, "utf8").digest("hex");

/** The media topic `attachment` JSON as https://apiok.ru/dev/methods/rest/mediatopic/mediatopic.post documents it. */
const TopicAttachment = z.strictObject({
  media: z
    .array(
      z.discriminatedUnion("type", [
        z.strictObject({ type: z.literal("text"), text: z.string().min(1) }),
        z.strictObject({
          type: z.literal("photo"),
          list: z.array(z.strictObject({ id: z.string().min(1) })).min(1),
        }),
        z.strictObject({ type: z.literal("link"), url: z.url() }),
      ]),
    )
    .min(1),
});

const COMMON = {
  application_key: z.string(),
  method: z.string(),
  format: z.literal("json"),
  sig: z.string(),
  access_token: z.string(),
};
const METHODS: Record<string, z.ZodType> = {
  "mediatopic.post": z.strictObject({
    ...COMMON,
    gid: z.string().regex(/^\d+$/),
    type: z.literal("GROUP_THEME"),
    attachment: z.string(),
  }),
  "mediatopic.edit": z.strictObject({
    ...COMMON,
    gid: z.string(),
    topic_id: z.string(),
    attachment: z.string(),
  }),
  "mediatopic.deleteTopic": z.strictObject({ ...COMMON, gid: z.string(), topic_id: z.string() }),
  "mediatopic.getTopics": z.strictObject({
    ...COMMON,
    gid: z.string(),
    count: z.string().optional(),
    fields: z.string().optional(),
  }),
  "photosV2.getUploadUrl": z.strictObject({ ...COMMON, gid: z.string(), count: z.string().regex(/^\d+$/) }),
  "group.getInfo": z.strictObject({ ...COMMON, uids: z.string(), fields: z.string() }),
  "group.getCounters": z.strictObject({ ...COMMON, group_id: z.string(), counterTypes: z.string() }),
};

/** A topic in the fake group. */
export interface FakeOkTopic {
  id: string;
  text: string;
  photoTokens: string[];
  link?: string;
  createdMs: number;
  deleted?: boolean;
}

/** The local OK REST API (`/fb.do`), checking every request's signature like OK does. */
export interface OkServer extends ProtocolServer {
  topics: FakeOkTopic[];
  members: number;
  calls(): { at: number; method: string }[];
}

function okError(code: number, message: string): ProtocolAnswer {
  return {
    status: 200,
    json: { error_code: code, error_msg: message, error_data: null },
    headers: { "invocation-error": String(code) },
  };
}

/** Starts the local OK API for one application and one group administrator's token. */
export async function startOkServer(options: {
  applicationKey: string;
  applicationSecretKey: string;
  accessToken: string;
  groupId: string;
  now?: () => number;
}): Promise<OkServer> {
  const topics: FakeOkTopic[] = [];
  const pending = new Map<string, string>();
  let nextPhoto = 1;
  const base = await startProtocolServer((request, server): ProtocolAnswer => {
    if (request.path === "/upload") {
      const tokens: Record<string, { token: string }> = {};
      const ids = (request.query.get("photoIds") ?? "").split(",");
      ids.forEach((id, index) => {
        const file = request.form?.get(`pic${index + 1}`);
        if (!(file instanceof Blob)) server.violations.push(`upload misses pic${index + 1}`);
        const token = `upload-token-${id}`;
        pending.set(token, id);
        tokens[id] = { token };
      });
      return { status: 200, json: { photos: tokens } };
    }
    if (request.path !== "/fb.do" || request.method !== "POST") {
      server.violations.push(`unexpected ${request.method} ${request.path}`);
      return { status: 404, text: "not found" };
    }
    const values: Record<string, string> = {};
    for (const [key, value] of request.form ?? []) if (typeof value === "string") values[key] = value;
    const method = values.method ?? "";
    const schema = METHODS[method];
    if (!schema) {
      server.violations.push(`fake OK has no ${method}`);
      return okError(3, "METHOD : Method does not exist");
    }
    const checked = schema.safeParse(values);
    if (!checked.success) {
      server.violations.push(`${method}: ${checked.error.message}`);
      return okError(100, `PARAM : ${checked.error.issues[0]?.message ?? "invalid"}`);
    }
    if (values.application_key !== options.applicationKey)
      return okError(101, "PARAM_API_KEY : Application key is invalid");
    if (values.access_token !== options.accessToken)
      return okError(102, "PARAM_SESSION_EXPIRED : Session expired");
    const signed = Object.keys(values)
      .filter((key) => key !== "sig" && key !== "access_token")
      .sort()
      .map((key) => `${key}=${values[key]}`)
      .join("");
    if (values.sig !== md5(signed + md5(options.accessToken + options.applicationSecretKey))) {
      return okError(104, "PARAM_SIGNATURE : Invalid signature");
    }
    const fault = takeFault(server, method);
    if (fault === "rate_limit") return okError(8, "FLOOD_BLOCKED : Flood control");
    if (fault === "token") return okError(102, "PARAM_SESSION_EXPIRED : Session expired");
    if (fault === "denied") return okError(10, "PERMISSION_DENIED : GROUP_CONTENT permission required");
    if (fault === "server_error") return { status: 503, text: "Service Unavailable" };
    const group = values.gid ?? values.group_id ?? values.uids;
    if (group !== options.groupId) server.violations.push(`${method} for group ${group}`);
    let answer: unknown;
    switch (method) {
      case "photosV2.getUploadUrl": {
        const ids = Array.from({ length: Number(values.count) }, () => `photo-id-${nextPhoto++}`);
        answer = {
          upload_url: `${server.url}/upload?photoIds=${ids.join(",")}`,
          photo_ids: ids,
          expires_ms: request.at + 86_400_000,
          ttl_ms: 86_400_000,
        };
        break;
      }
      case "mediatopic.post":
      case "mediatopic.edit": {
        const attachment = TopicAttachment.safeParse(JSON.parse(values.attachment ?? "null"));
        if (!attachment.success) {
          server.violations.push(`${method} attachment: ${attachment.error.message}`);
          return okError(100, "PARAM : attachment is invalid");
        }
        const text = attachment.data.media
          .flatMap((block) => (block.type === "text" ? [block.text] : []))
          .join("\n");
        const photoTokens = attachment.data.media.flatMap((block) =>
          block.type === "photo" ? block.list.map((item) => item.id) : [],
        );
        for (const token of photoTokens)
          if (!pending.has(token)) server.violations.push(`unknown photo token ${token}`);
        const link = attachment.data.media.find((block) => block.type === "link");
        if (method === "mediatopic.post") {
          const topic: FakeOkTopic = {
            id: String(155_000_000_000 + topics.length + 1),
            text,
            photoTokens,
            createdMs: request.at,
            ...(link ? { link: link.url } : {}),
          };
          topics.push(topic);
          answer = topic.id;
        } else {
          const topic = topics.find((item) => item.id === values.topic_id);
          if (topic) Object.assign(topic, { text, photoTokens });
          answer = { success: true };
        }
        break;
      }
      case "mediatopic.deleteTopic": {
        const topic = topics.find((item) => item.id === values.topic_id);
        if (topic) topic.deleted = true;
        answer = { success: true };
        break;
      }
      case "mediatopic.getTopics":
        answer = {
          media_topics: topics
            .filter((topic) => !topic.deleted)
            .slice(-20)
            .reverse()
            .map((topic) => ({
              id: topic.id,
              created_ms: topic.createdMs,
              media: [{ type: "text", text: topic.text }],
            })),
        };
        break;
      case "group.getInfo":
        answer = [{ uid: options.groupId, name: "Абакан официальный" }];
        break;
      case "group.getCounters":
        answer = { counters: { members: state.members } };
        break;
    }
    if (fault === "timeout") return { hang: true };
    return { status: 200, json: answer };
  }, options.now);
  const state: OkServer = Object.assign(base, {
    topics,
    members: 9_876,
    calls: () =>
      base.requests
        .filter((request) => request.path === "/fb.do")
        .map((request) => ({ at: request.at, method: String(request.form?.get("method")) })),
  });
  return state;
}

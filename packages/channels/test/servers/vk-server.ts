import { vkSchemas } from "../vk/schema.js";
import {
  type ProtocolAnswer,
  type ProtocolServer,
  type ReceivedRequest,
  startProtocolServer,
  takeFault,
} from "./protocol-server.js";

/** A post on the fake community wall. */
export interface FakeVkPost {
  id: number;
  text: string;
  attachments: string[];
  date: number;
  guid?: string;
  deleted?: boolean;
}

/** The local VK API: methods validated against VK's JSON Schemas, answers as VK gives them. */
export interface VkServer extends ProtocolServer {
  posts: FakeVkPost[];
  comments: { id: number; postId: number; text: string; replyTo?: number }[];
  messages: { peerId: number; text: string; randomId: number }[];
  membersCount: number;
  /** Method calls only (not uploads), with the token kind that made them. */
  calls(): { at: number; method: string; token: "user" | "community" | "unknown" }[];
}

const ERROR_MESSAGES: Record<number, string> = {
  5: "User authorization failed: invalid access_token (4).",
  6: "Too many requests per second",
  14: "Captcha needed",
  27: "Group authorization failed: method is unavailable with group auth.",
  100: "One of the parameters specified was missing or invalid",
  214: "Access to adding post denied: access to the wall is closed",
};

function vkError(code: number, method: string): ProtocolAnswer {
  const error: Record<string, unknown> = {
    error_code: code,
    error_msg: ERROR_MESSAGES[code] ?? "Error",
    request_params: [
      { key: "method", value: method },
      { key: "v", value: "5.199" },
    ],
  };
  if (code === 14) {
    error.captcha_sid = "239633676097";
    error.captcha_img = "https://api.vk.com/captcha.php?sid=239633676097&s=1";
  }
  return { status: 200, json: { error } };
}

/** Starts the local VK API for one community with the given tokens. */
export async function startVkServer(options: {
  groupId: number;
  userToken: string;
  communityToken: string;
  now?: () => number;
}): Promise<VkServer> {
  const schemas = vkSchemas();
  const posts: FakeVkPost[] = [];
  const comments: VkServer["comments"] = [];
  const messages: VkServer["messages"] = [];
  const uploads = new Map<string, { hash: string; server: number }>();
  let nextPhotoId = 457_239_000;
  let nextCommentId = 1_000;
  const now = options.now ?? Date.now;
  const seconds = (): number => Math.floor(now() / 1000);
  const tokenKind = (request: ReceivedRequest): "user" | "community" | "unknown" => {
    const token = request.form?.get("access_token");
    if (token === options.userToken) return "user";
    if (token === options.communityToken) return "community";
    return "unknown";
  };

  const answerMethod = (request: ReceivedRequest, server: ProtocolServer, method: string): ProtocolAnswer => {
    const form = new URLSearchParams();
    for (const [key, value] of request.form ?? []) if (typeof value === "string") form.append(key, value);
    const token = tokenKind(request);
    if (token === "unknown") return vkError(5, method);
    const described = schemas.method(method);
    if (!described) {
      server.violations.push(`unknown method ${method}`);
      return vkError(100, method);
    }
    const allowed = described.access_token_type ?? [];
    if (token === "community" && !allowed.includes("group")) return vkError(27, method);
    if (token === "user" && !allowed.includes("user")) return vkError(5, method);
    if (form.get("v") !== "5.199") server.violations.push(`${method}: v=${form.get("v")}`);
    const checked = schemas.validateCall(method, form);
    if (!checked.ok) {
      server.violations.push(`${method}: ${checked.errors}`);
      return vkError(100, method);
    }
    const parameters = checked.parameters;
    const fault = takeFault(server, method);
    if (fault === "rate_limit") return vkError(6, method);
    if (fault === "captcha") return vkError(14, method);
    if (fault === "token") return vkError(5, method);
    if (fault === "denied") return vkError(214, method);
    if (fault === "server_error") return { status: 502, text: "<html>502 Bad Gateway</html>" };
    const response = perform(method, parameters, server);
    const problem = schemas.validateResponse(
      method,
      { response },
      typeof response === "number" && method === "messages.send" ? "deprecatedResponse" : "response",
    );
    if (problem) server.violations.push(`${method} answer: ${problem}`);
    if (fault === "timeout") return { hang: true };
    return { status: 200, json: { response } };
  };

  const perform = (method: string, parameters: Record<string, unknown>, server: ProtocolServer): unknown => {
    const expectOwner = (): void => {
      if (parameters.owner_id !== -options.groupId)
        server.violations.push(`${method}: owner_id ${String(parameters.owner_id)}`);
    };
    switch (method) {
      case "photos.getWallUploadServer":
        if (parameters.group_id !== options.groupId)
          server.violations.push(`upload server for group ${String(parameters.group_id)}`);
        return {
          upload_url: `${server.url}/upload/wall?group=${options.groupId}`,
          album_id: -14,
          user_id: 1,
        };
      case "photos.saveWallPhoto": {
        const upload = uploads.get(String(parameters.photo));
        if (!upload || upload.hash !== parameters.hash || upload.server !== parameters.server) {
          server.violations.push("saveWallPhoto with an unknown upload");
        }
        const id = nextPhotoId++;
        return [
          {
            id,
            album_id: -14,
            owner_id: -options.groupId,
            date: seconds(),
            has_tags: false,
            sizes: [{ type: "x", url: `https://sun9-1.userapi.com/photo${id}.jpg`, width: 604, height: 403 }],
          },
        ];
      }
      case "wall.post": {
        expectOwner();
        if (parameters.from_group !== true) server.violations.push("wall.post without from_group=1");
        const guid = typeof parameters.guid === "string" ? parameters.guid : undefined;
        const existing = guid === undefined ? undefined : posts.find((post) => post.guid === guid);
        if (existing) return { post_id: existing.id };
        const post: FakeVkPost = {
          id: posts.length + 1,
          text: String(parameters.message ?? ""),
          attachments: (parameters.attachments as string[] | undefined) ?? [],
          date: seconds(),
          ...(guid === undefined ? {} : { guid }),
        };
        posts.push(post);
        return { post_id: post.id };
      }
      case "wall.edit": {
        expectOwner();
        const post = posts.find((item) => item.id === parameters.post_id);
        if (post) {
          post.text = String(parameters.message ?? "");
          post.attachments = (parameters.attachments as string[] | undefined) ?? [];
        }
        return { post_id: Number(parameters.post_id) };
      }
      case "wall.delete": {
        expectOwner();
        const post = posts.find((item) => item.id === parameters.post_id);
        if (post) post.deleted = true;
        return 1;
      }
      case "wall.get": {
        if (parameters.domain !== `club${options.groupId}`)
          server.violations.push(`wall.get of ${String(parameters.domain)}`);
        // Newest first, `offset` and `count` (at most 100) as VK pages; `count` in the answer is the wall's total.
        const wall = posts.filter((post) => !post.deleted).reverse();
        const offset = Number(parameters.offset ?? 0);
        const items = wall
          .slice(offset, offset + Math.min(100, Number(parameters.count ?? 20)))
          .map((post) => ({
            inner_type: "wall_wallpost",
            id: post.id,
            owner_id: -options.groupId,
            from_id: -options.groupId,
            date: post.date,
            text: post.text,
            post_type: "post",
          }));
        return { count: wall.length, items };
      }
      case "wall.createComment": {
        if (parameters.from_group !== options.groupId)
          server.violations.push("wall.createComment not from the community");
        const comment = {
          id: nextCommentId++,
          postId: Number(parameters.post_id),
          text: String(parameters.message ?? ""),
          ...(typeof parameters.reply_to_comment === "number"
            ? { replyTo: parameters.reply_to_comment }
            : {}),
        };
        comments.push(comment);
        return { comment_id: comment.id };
      }
      case "messages.send": {
        messages.push({
          peerId: Number(parameters.peer_id),
          text: String(parameters.message ?? ""),
          randomId: Number(parameters.random_id),
        });
        return messages.length;
      }
      case "groups.getById": {
        const fields = (parameters.fields as string[] | undefined) ?? [];
        return {
          groups: [
            {
              id: options.groupId,
              name: "Абакан официальный",
              screen_name: "abakan_official",
              is_closed: 0,
              type: "page",
              ...(fields.includes("members_count") ? { members_count: state.membersCount } : {}),
            },
          ],
          profiles: [],
        };
      }
      default:
        server.violations.push(`fake VK has no ${method}`);
        return 1;
    }
  };

  const base = await startProtocolServer(async (request, server) => {
    if (request.path === "/upload/wall") {
      const file = request.form?.get("photo");
      if (!(file instanceof Blob) || file.size === 0) {
        server.violations.push("upload without a photo file");
        return { status: 200, json: { server: 1, photo: "[]", hash: "" } };
      }
      const fault = takeFault(server, "upload");
      if (fault === "server_error") return { status: 500, text: "Internal Server Error" };
      const photo = JSON.stringify([
        { markers_restarted: true, photo: `${uploads.size}:${file.size}`, sizes: [] },
      ]);
      const uploaded = { hash: `h${uploads.size}`, server: 838_124 };
      uploads.set(photo, uploaded);
      return { status: 200, json: { server: uploaded.server, photo, hash: uploaded.hash } };
    }
    const match = /^\/method\/([a-zA-Z]+\.[a-zA-Z]+)$/.exec(request.path);
    if (!match || request.method !== "POST") {
      server.violations.push(`unexpected ${request.method} ${request.path}`);
      return { status: 404, text: "not found" };
    }
    return answerMethod(request, server, match[1]!);
  }, now);

  const state: VkServer = Object.assign(base, {
    posts,
    comments,
    messages,
    membersCount: 48_213,
    calls: () =>
      base.requests
        .filter((request) => request.path.startsWith("/method/"))
        .map((request) => ({ at: request.at, method: request.path.slice(8), token: tokenKind(request) })),
  });
  return state;
}

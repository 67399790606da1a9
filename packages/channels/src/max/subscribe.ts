import { callMaxApi, type MaxCallContext } from "./call-api.js";

/**
 * Points the bot's webhook at Otklik: `POST /subscriptions` with the URL, the update types and the
 * secret MAX will repeat in `X-Max-Bot-Api-Secret`.
 */
export async function subscribeMaxWebhook(
  context: MaxCallContext,
  url: string,
  secret: string,
  updateTypes: readonly string[] = ["message_created", "message_edited", "message_removed"],
): Promise<void> {
  await callMaxApi(context, "POST", "/subscriptions", {
    body: { url, update_types: updateTypes, secret },
    repeatable: true,
  });
}

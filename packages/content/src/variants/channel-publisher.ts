import {
  createSecretBox,
  type DeliveryReport,
  getConnection,
  listConnections,
  type OutboundPhoto,
  publishThroughConnection,
  type SecretBox,
  type SecretKeyring,
} from "@otklik/channels";
import type { Clock } from "@otklik/core";
import type { Database } from "@otklik/db";
import type { VariantDelivery, VariantPublisher } from "../scheduling/workers.js";

/** Downloads a photo chosen for a post (platforms take the bytes, not a URL). */
export type FetchPhoto = (url: string) => Promise<OutboundPhoto>;

const fetchPhotoOverHttp: FetchPhoto = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return {
    filename: decodeURIComponent(new URL(url).pathname.split("/").at(-1) || "photo.jpg"),
    contentType: (response.headers.get("content-type") ?? "image/jpeg").split(";")[0]!.trim(),
    data: new Uint8Array(await response.arrayBuffer()),
  };
};

const failed = (code: string, message: string): DeliveryReport => ({
  state: "failed",
  error: { kind: "invalid_request", code, message },
  attempts: 0,
});

/**
 * Posts through the city's stored page connections (@otklik/channels): the variant's own
 * connection, or the only page of its platform. Rate limits, safe retries, recorded attempts and
 * "never a blind re-send" are channels' `deliver`.
 */
export function channelsVariantPublisher(options: {
  db: Database;
  clock: Clock;
  /** The connections' secret box, or the keyring to open one with; without either nothing is posted. */
  box?: SecretBox;
  keyring?: SecretKeyring;
  fetchPhoto?: FetchPhoto;
}): VariantPublisher {
  const fetchPhoto = options.fetchPhoto ?? fetchPhotoOverHttp;
  const box = options.box ?? (options.keyring ? createSecretBox(options.keyring) : undefined);
  return async (delivery: VariantDelivery) => {
    if (!box) return failed("no_key", "Ключ подключений не задан / No key for the page connections");
    let connectionId = delivery.connectionId;
    if (!connectionId) {
      const pages = (await listConnections({ db: options.db })).filter(
        (page) => page.platform === delivery.platform,
      );
      if (pages.length !== 1) {
        return failed(
          "no_connection",
          pages.length === 0
            ? `Страница ${delivery.platform} не подключена / The ${delivery.platform} page is not connected`
            : `Выберите страницу ${delivery.platform} / Choose the ${delivery.platform} page`,
        );
      }
      connectionId = pages[0]!.id;
    }
    let photos: OutboundPhoto[];
    try {
      photos = await Promise.all(delivery.imageUrls.map(fetchPhoto));
    } catch (error) {
      return failed("photo", `Фото не загружено / Photo not loaded: ${(error as Error).message}`);
    }
    const connection = await getConnection({ db: options.db, box, id: connectionId });
    return publishThroughConnection({
      db: options.db,
      clock: options.clock,
      connection,
      idempotencyKey: delivery.idempotencyKey,
      post: { text: delivery.text, ...(photos.length > 0 ? { photos } : {}) },
    });
  };
}

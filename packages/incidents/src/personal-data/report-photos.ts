import type { Executor } from "@otklik/db";
import { CITIZEN_UPLOADER } from "../evidence/citizen-photos.js";
import { EVIDENCE_REFERENCE_PREFIX } from "../evidence/evidence.js";

/** What the timeline says where a citizen's photos were erased (its entries keep their place). */
export const PHOTOS_ERASED_NOTE =
  "Фото гражданина удалены по его запросу (152-ФЗ) / The citizen's photos were erased at their request";

/** A photo a citizen sent with a site report, as their export lists it. */
export interface ReportPhoto extends Record<string, unknown> {
  id: string;
  number: string;
  mime_type: string;
  size_bytes: number;
  created_at: Date;
}

/** The photos citizens sent with the reports that registered `incidentIds` (`uploaded_by = "citizen"`). */
export async function reportPhotosOf(db: Executor, incidentIds: readonly string[]): Promise<ReportPhoto[]> {
  if (incidentIds.length === 0) return [];
  return db.query<ReportPhoto>(
    `SELECT m.id, i.number, m.mime_type, m.size_bytes, m.created_at
       FROM incident_media m JOIN incidents i ON i.id = m.incident_id
      WHERE m.incident_id = ANY($1::text[]) AND m.uploaded_by = $2
      ORDER BY m.created_at, m.id`,
    [incidentIds, CITIZEN_UPLOADER],
  );
}

/**
 * Erases the photos citizens sent with the reports that registered `incidentIds`, in the erasure's
 * transaction: their rows go, their files (original, published copy, thumbnail) are queued in
 * `incident_media_removals` for `removeQueuedMediaFiles` to delete once the transaction has committed, and
 * the timeline entries that showed them lose them and say why. A proof that named one of them (a `fixed`
 * resolution) shows no photo after that. Answers how many photos were erased; a second call finds none.
 */
export async function eraseReportPhotos(
  db: Executor,
  incidentIds: readonly string[],
  at: Date,
): Promise<number> {
  if (incidentIds.length === 0) return 0;
  const deleted = await db.query<{
    id: string;
    original_path: string;
    published_path: string | null;
    thumbnail_path: string | null;
  }>(
    `DELETE FROM incident_media WHERE incident_id = ANY($1::text[]) AND uploaded_by = $2
      RETURNING id, original_path, published_path, thumbnail_path`,
    [incidentIds, CITIZEN_UPLOADER],
  );
  if (deleted.length === 0) return 0;
  const keys = deleted.flatMap((row) =>
    [row.original_path, row.published_path, row.thumbnail_path].filter((key): key is string => key !== null),
  );
  await db.query(
    `INSERT INTO incident_media_removals (key, queued_at) SELECT unnest($1::text[]), $2
     ON CONFLICT (key) DO NOTHING`,
    [keys, at],
  );
  const references = deleted.map((row) => `${EVIDENCE_REFERENCE_PREFIX}${row.id}`);
  await db.query(
    `UPDATE incident_timeline t
        SET media = COALESCE(
              (SELECT jsonb_agg(e.item ORDER BY e.position)
                 FROM jsonb_array_elements(t.media) WITH ORDINALITY AS e(item, position)
                WHERE NOT (e.item->>'url' = ANY($2::text[]))),
              '[]'::jsonb),
            data = t.data - 'mediaIds',
            comment = CASE WHEN t.comment IS NULL THEN $3 ELSE t.comment || E'\\n' || $3 END
      WHERE t.incident_id = ANY($1::text[])
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(t.media) AS e(item) WHERE e.item->>'url' = ANY($2::text[]))`,
    [incidentIds, references, PHOTOS_ERASED_NOTE],
  );
  return deleted.length;
}

/**
 * The audit log never holds personal data in clear, only ids and the fields
 * that are not about a person. A personal field that changed is recorded as
 * this mark, so the entry still says *that* it changed.
 */
export const PERSONAL_DATA_MARK = "[персональные данные / personal data]";

type Snapshot = Record<string, unknown>;

/** A record as the audit log keeps it: personal fields replaced by {@link PERSONAL_DATA_MARK}. */
export function auditSnapshot(record: Snapshot, personalFields: readonly string[]): Snapshot {
  const snapshot: Snapshot = {};
  for (const [field, value] of Object.entries(record)) {
    snapshot[field] = personalFields.includes(field) && value !== null ? PERSONAL_DATA_MARK : value;
  }
  return snapshot;
}

/**
 * The fields that differ between two versions of a record, each side as the
 * audit log keeps it. Values compare by their JSON.
 */
export function auditChange(
  before: Snapshot,
  after: Snapshot,
  personalFields: readonly string[],
): { before: Snapshot; after: Snapshot } {
  const changedBefore: Snapshot = {};
  const changedAfter: Snapshot = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    changedBefore[field] = before[field] ?? null;
    changedAfter[field] = after[field] ?? null;
  }
  return {
    before: auditSnapshot(changedBefore, personalFields),
    after: auditSnapshot(changedAfter, personalFields),
  };
}

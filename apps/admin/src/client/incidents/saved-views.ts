const STORAGE_KEY = "otklik-admin-queue-views";

/** A view the person saved: a name and the queue's address-bar parameters. */
export interface StoredView {
  name: string;
  search: Record<string, string>;
}

function isStoredView(value: unknown): value is StoredView {
  if (typeof value !== "object" || value === null) return false;
  const view = value as Record<string, unknown>;
  return (
    typeof view.name === "string" &&
    typeof view.search === "object" &&
    view.search !== null &&
    Object.values(view.search).every((part) => typeof part === "string")
  );
}

/** The views saved on this computer (kept in the browser: the API has no place for them yet). */
export function storedViews(): StoredView[] {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isStoredView).slice(0, 20) : [];
  } catch {
    return [];
  }
}

/** Saves a view under `name` (replacing one of the same name); answers the new list. */
export function saveView(view: StoredView): StoredView[] {
  const views = [...storedViews().filter((existing) => existing.name !== view.name), view].slice(-20);
  write(views);
  return views;
}

export function deleteView(name: string): StoredView[] {
  const views = storedViews().filter((existing) => existing.name !== name);
  write(views);
  return views;
}

function write(views: StoredView[]): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(views));
  } catch {
    // Storage switched off: the view lasts for this visit only.
  }
}

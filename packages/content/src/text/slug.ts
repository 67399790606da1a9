import slugifyModule from "slugify";

// slugify ships CommonJS with `export default` types; under NodeNext the default import is the module object.
const slugify = slugifyModule as unknown as (text: string, options: Record<string, unknown>) => string;

/**
 * A readable Latin address from a Russian title («Ямы на дорогах» → `yamy-na-dorogah`), at most
 * `maxLength` characters, cut at a word boundary.
 */
export function slugFromTitle(title: string, maxLength = 80): string {
  const full = slugify(title.replace(/[«»"“”„]/g, ""), {
    lower: true,
    strict: true,
    locale: "ru",
    trim: true,
  });
  const base = full.length > 0 ? full : "publication";
  if (base.length <= maxLength) return base;
  const cut = base.slice(0, maxLength);
  const boundary = cut.lastIndexOf("-");
  return boundary > 20 ? cut.slice(0, boundary) : cut.replace(/-+$/, "");
}

/** `base`, or `base-2`, `base-3`… — the first not in `taken`. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

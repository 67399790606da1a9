import MarkdownIt from "markdown-it";

const SAFE_SCHEMES = /^(https?:|mailto:|tel:)/i;

/**
 * Whether a link may be followed from a publication: http(s), mailto, tel and site-relative
 * paths. Everything else (`javascript:`, `data:`, `vbscript:`, protocol-relative `//host`) is refused,
 * also when hidden with entities, control characters or mixed case.
 */
export function isSafeLink(url: string): boolean {
  // Browsers drop control characters and white space inside a scheme: "java\tscript:" runs.
  const normalised = Array.from(url)
    .filter((char) => {
      const code = char.charCodeAt(0);
      return code > 0x20 && (code < 0x7f || code > 0x9f);
    })
    .join("");
  if (normalised.length === 0) return false;
  if (normalised.startsWith("//") || normalised.startsWith("\\")) return false;
  if (/^[/#?]/.test(normalised)) return true;
  if (SAFE_SCHEMES.test(normalised)) return true;
  // No scheme at all (a relative path like "docs/a.pdf"): a colon before any slash would be one.
  return !/^[^/?#]*:/.test(normalised);
}

const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
renderer.enable(["table", "strikethrough"]);
renderer.validateLink = (url) => isSafeLink(url);

const defaultLinkOpen =
  renderer.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
renderer.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  const href = String(token.attrGet("href") ?? "");
  if (/^https?:/i.test(href)) {
    token.attrSet("rel", "noopener noreferrer nofollow");
  }
  return defaultLinkOpen(tokens, index, options, env, self);
};

/**
 * Renders a publication's Markdown to HTML that is safe to put into a page: raw HTML is shown as
 * text, links and images only to safe addresses, tables and autolinks on.
 */
export function renderMarkdown(markdown: string): string {
  return renderer.render(markdown);
}

/** The text a reader sees, without Markdown marks: for search, snippets, feeds and social posts. */
export function markdownToPlainText(markdown: string): string {
  const tokens = renderer.parse(markdown, {});
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === "inline") {
      parts.push(
        (token.children ?? [])
          .map((child) => (child.type === "softbreak" || child.type === "hardbreak" ? " " : child.content))
          .join(""),
      );
    } else if (token.type === "code_block" || token.type === "fence") {
      parts.push(token.content.trim());
    }
  }
  return parts.filter((part) => part.length > 0).join("\n");
}

import { createHash } from "node:crypto";

/**
 * The site's one stylesheet. It is small, so it lives here as text and tsup bundles it; it is
 * served under a name with its hash so browsers may keep it for a year.
 */
export const STYLESHEET = `
:root {
  --text: #1b1f24; --muted: #4a5560; --background: #ffffff; --surface: #f3f5f7;
  --accent: #0b4f9c; --accent-text: #ffffff; --focus: #f0b400; --border: #cdd5dd;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 100%; line-height: 1.5; color: var(--text); background: var(--background);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--text); }
.skip-link { position: absolute; left: 0.5rem; top: -4rem; padding: 0.5rem 1rem; background: var(--text);
  color: var(--background); z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.container { width: 100%; max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.site-header { background: var(--accent); color: var(--accent-text); }
.site-header a { color: var(--accent-text); }
.site-header .container { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center;
  justify-content: space-between; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.brand { display: flex; flex-direction: column; text-decoration: none; }
.brand-name { font-size: 1.5rem; font-weight: 700; }
.brand-subtitle { font-size: 0.875rem; }
.tools { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; font-size: 0.9375rem; }
.tools ul { display: flex; gap: 0.75rem; list-style: none; margin: 0; padding: 0; }
.main-nav { background: var(--surface); border-bottom: 1px solid var(--border); }
.main-nav ul { display: flex; flex-wrap: wrap; gap: 1.5rem; list-style: none; margin: 0; padding: 0.75rem 0; }
.main-nav a[aria-current="page"] { font-weight: 700; text-decoration: none; }
main { flex: 1; padding: 2rem 0; }
main:focus { outline: none; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; }
.lead { font-size: 1.125rem; color: var(--muted); max-width: 48rem; }
.contacts dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1.5rem; margin: 0; }
.contacts dt { font-weight: 600; }
.contacts dd { margin: 0; }
.notice { border-left: 0.375rem solid var(--accent); background: var(--surface); padding: 1rem 1.5rem; }
.notice p { margin: 0.5rem 0; }
.site-footer { background: var(--surface); border-top: 1px solid var(--border); padding: 1.5rem 0;
  font-size: 0.9375rem; color: var(--muted); }
.site-footer p { margin: 0.25rem 0; }
.vision-panel { background: var(--background); color: var(--text); border-bottom: 2px solid var(--text); }
.vision-panel .container { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; padding-top: 0.5rem;
  padding-bottom: 0.5rem; }
.vision-panel ul { display: flex; flex-wrap: wrap; gap: 0.75rem; list-style: none; margin: 0; padding: 0; }

img { max-width: 100%; height: auto; }
p, li, dd, td { overflow-wrap: anywhere; }
.main-nav .container { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center;
  justify-content: space-between; }
.main-nav ul { gap: 0.5rem 1.25rem; }
.nav-search { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 0.5rem 0; }
.nav-search label { font-size: 0.9375rem; }
input, select, textarea, button { font: inherit; color: var(--text); max-width: 100%; }
input, select, textarea { border: 2px solid var(--muted); border-radius: 0.25rem; padding: 0.375rem 0.5rem;
  background: var(--background); }
textarea { width: 100%; min-height: 8rem; }
button, .button { background: var(--accent); color: var(--accent-text); border: 2px solid var(--accent);
  border-radius: 0.25rem; padding: 0.5rem 1.25rem; cursor: pointer; text-decoration: none; display: inline-block; }
button:disabled { background: var(--surface); color: var(--muted); border-color: var(--muted); cursor: not-allowed; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); }
.cards > li { border: 1px solid var(--border); border-radius: 0.375rem; padding: 1rem; background: var(--background); }
.cards h3 { font-size: 1.125rem; margin: 0 0 0.5rem; }
.meta { color: var(--muted); font-size: 0.9375rem; margin: 0.25rem 0; }
.summary { margin: 0.5rem 0 0; }
.filters { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: flex-end; margin: 0 0 1.5rem;
  padding: 1rem; background: var(--surface); border-radius: 0.375rem; }
.filters div { display: flex; flex-direction: column; gap: 0.25rem; }
.pagination { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; margin: 2rem 0 0; }
.article { max-width: 48rem; }
.article-body table { display: block; overflow-x: auto; }
.draft { counter-reset: none; padding-left: 0; list-style: none; }
.draft li { border-left: 0.25rem solid var(--border); padding: 0.25rem 0 0.25rem 1rem; margin: 0.75rem 0; }
mark { background: #ffe26b; color: #000000; padding: 0 0.1em; }
.form { max-width: 40rem; }
.field { margin: 0 0 1.25rem; display: flex; flex-direction: column; gap: 0.25rem; }
.field label, .field legend { font-weight: 600; }
.field .hint { color: var(--muted); font-size: 0.9375rem; margin: 0; }
.field input[type="text"], .field input[type="email"], .field input[type="tel"], .field select { width: 100%; }
.field-error { color: #b00020; font-weight: 600; margin: 0; }
.field.has-error input, .field.has-error textarea, .field.has-error select { border-color: #b00020; }
.checkbox { display: flex; gap: 0.5rem; align-items: flex-start; }
.checkbox input { width: 1.5rem; height: 1.5rem; flex: none; margin-top: 0.125rem; }
.consent-text { font-size: 0.9375rem; background: var(--surface); padding: 0.75rem 1rem; border-radius: 0.25rem; }
fieldset { border: 1px solid var(--border); border-radius: 0.375rem; padding: 1rem; margin: 0 0 1.25rem; }
.error-summary { border: 3px solid #b00020; padding: 1rem 1.5rem; margin: 0 0 1.5rem; }
.error-summary h2 { margin-top: 0; font-size: 1.25rem; }
.success { border-left: 0.375rem solid #1d7a3a; background: var(--surface); padding: 1rem 1.5rem; }
.footer-links { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.problems { list-style: none; padding: 0; }
.problems li { border-bottom: 1px solid var(--border); padding: 0.75rem 0; }
#problem-map { height: 24rem; margin: 0 0 1.5rem; border: 1px solid var(--border); }
#problem-map:empty { display: none; }
.status-tag { display: inline-block; border: 1px solid var(--muted); border-radius: 1rem; padding: 0 0.75rem;
  font-size: 0.875rem; }
.photo-preview, .proof-photos, .department-cards { list-style: none; padding: 0; }
.photo-preview { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0.5rem 0 0; }
.photo-preview li { display: flex; flex-direction: column; gap: 0.25rem; max-width: 120px; font-size: 0.875rem;
  overflow-wrap: anywhere; }
.photo-preview img, .proof-photos img { max-width: 100%; height: auto; border: 1px solid var(--border); }
.proof-photos { display: flex; flex-wrap: wrap; gap: 1rem; }
.proof-photos li { max-width: 20rem; }
.department-cards li { border-bottom: 1px solid var(--border); padding: 0.5rem 0 1rem; }
.pos-widget { border: 1px solid var(--border); background: var(--surface); padding: 1rem 1.5rem; margin: 2rem 0 0; }
.pos-banner-btn_2 { min-height: 2.75rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

/* The version for the visually impaired (GOST R 52872-2019): larger type, wider spacing,
   a high-contrast scheme chosen by the reader, no decorative colour. */
html[data-vision] { font-size: 150%; letter-spacing: 0.05em; line-height: 1.7; }
html[data-vision="black-on-white"] { --text: #000000; --muted: #000000; --background: #ffffff; --surface: #ffffff;
  --accent: #000000; --accent-text: #ffffff; --focus: #000000; --border: #000000; }
html[data-vision="white-on-black"] { --text: #ffffff; --muted: #ffffff; --background: #000000; --surface: #000000;
  --accent: #ffffff; --accent-text: #000000; --focus: #ffffff; --border: #ffffff; }
html[data-vision="blue-on-lightblue"] { --text: #063462; --muted: #063462; --background: #9dd1ff; --surface: #9dd1ff;
  --accent: #063462; --accent-text: #9dd1ff; --focus: #063462; --border: #063462; }
html[data-vision] body { background: var(--background); color: var(--text); }
html[data-vision] a { text-decoration: underline; text-decoration-thickness: 2px; }
html[data-vision] img, html[data-vision] #problem-map { display: none; }
html[data-vision] mark { background: var(--text); color: var(--background); }
html[data-vision] :focus-visible { outline-width: 4px; }
html[data-vision] .contacts dl { grid-template-columns: 1fr; }

@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;

/** The stylesheet's address: it changes whenever the text changes, so it can be cached "immutable". */
export const STYLESHEET_PATH = `/assets/site-${createHash("sha256").update(STYLESHEET).digest("hex").slice(0, 12)}.css`;

import { createHash } from "node:crypto";

const hashedPath = (name: string, body: string) =>
  `/assets/${name}-${createHash("sha256").update(body).digest("hex").slice(0, 12)}.js`;

/**
 * The report form's optional enhancement: previews of the chosen photos (with their names as text
 * alternatives) and a warning, before sending, when there are too many or they are too large. The
 * form works the same without it — the server checks everything again. ES5 text, no bundle.
 */
export const PHOTO_PREVIEW_SCRIPT = `(function () {
  "use strict";
  var input = document.querySelector("input[type=file][data-preview]");
  var list = document.getElementById("report-photos-preview");
  if (!input || !list || !window.URL || !URL.createObjectURL) return;
  var max = Number(input.getAttribute("data-max-count")) || 5;
  var maxBytes = Number(input.getAttribute("data-max-bytes")) || 0;
  var status = document.getElementById("report-photos-status");
  var urls = [];
  input.addEventListener("change", function () {
    urls.forEach(function (url) { URL.revokeObjectURL(url); });
    urls = [];
    list.textContent = "";
    var files = Array.prototype.slice.call(input.files || []);
    var total = 0;
    files.forEach(function (file) {
      total += file.size;
      var item = document.createElement("li");
      if (/^image\\//.test(file.type)) {
        var image = document.createElement("img");
        var url = URL.createObjectURL(file);
        urls.push(url);
        image.src = url;
        image.alt = (input.getAttribute("data-alt") || "") + " " + file.name;
        image.width = 120;
        item.appendChild(image);
      }
      var name = document.createElement("span");
      name.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
      item.appendChild(name);
      list.appendChild(item);
    });
    var problem = "";
    if (files.length > max) problem = input.getAttribute("data-too-many") || "";
    else if (maxBytes && total > maxBytes) problem = input.getAttribute("data-too-large") || "";
    if (status) status.textContent = problem;
  });
})();
`;
export const PHOTO_PREVIEW_SCRIPT_PATH = hashedPath("photo-preview", PHOTO_PREVIEW_SCRIPT);

/** The origin of the Gosuslugi feedback platform (ПОС): its widget script and form. */
export const POS_ORIGIN = "https://pos.gosuslugi.ru";
/** The widget's script, as Gosuslugi's embed code loads it. */
export const POS_SCRIPT_URL = `${POS_ORIGIN}/bin/script.min.js`;

/**
 * Starts the ПОС widget the way Gosuslugi's embed code does (\`Widget("https://pos.gosuslugi.ru/form",
 * id)\`), from a file rather than an inline script, so the page's policy can forbid inline scripts:
 * the widget's id is read from the banner's \`data-widget-id\`. Without scripts the banner's plain
 * link (in <noscript>) is the way.
 */
export const POS_WIDGET_SCRIPT = `(function () {
  "use strict";
  var banner = document.getElementById("js-show-iframe-wrapper");
  if (!banner) return;
  var id = Number(banner.getAttribute("data-widget-id"));
  if (!id || typeof window.Widget !== "function") {
    // Gosuslugi's script did not load (blocked, offline): the plain link instead of a dead button.
    var fallback = document.querySelector(".pos-fallback");
    if (fallback) fallback.removeAttribute("hidden");
    return;
  }
  banner.removeAttribute("hidden");
  window.Widget("${POS_ORIGIN}/form", id);
})();
`;
export const POS_WIDGET_SCRIPT_PATH = hashedPath("pos-widget", POS_WIDGET_SCRIPT);

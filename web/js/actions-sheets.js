/**
 * What a cohort's séances leave, shown the same way on the member's page (`/moi`) and the
 * trainer's cohorts page (`/cohortes`): the four statuses of an action item, and the
 * *retour au territoire* of a séance: its Markdown rendered as a document (never as HTML
 * text), shown or hidden in the page, printed alone, or downloaded as the server's
 * printable page. Each page brings its own words (its catalogue has its own prefix).
 *
 * @module actions-sheets
 */

import { h, replaceChildren, setText } from "./dom.js";
import { renderMarkdown } from "./markdown.js";

/** The statuses of an action item, in the order they are offered. */
export const STATUSES = Object.freeze(["open", "in-progress", "done", "dropped"]);

/**
 * The catalogue's name for a status (`in-progress` → `inProgress`), for keys like `….status.inProgress`.
 * @param {string} status
 * @returns {string}
 */
export function statusKey(status) {
  return status === "in-progress" ? "inProgress" : STATUSES.includes(status) ? status : "open";
}

/**
 * Whether an action item is still to be carried (to do or in progress).
 * @param {{ status: string }} item
 * @returns {boolean}
 */
export function isOngoing(item) {
  return item.status === "open" || item.status === "in-progress";
}

/**
 * An id-safe form of an action item's key (`sd6e…/2/c1.a3` → `sd6e…_2_c1_a3`).
 * @param {string} key
 * @returns {string}
 */
export function keyId(key) {
  return String(key).replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * A retour au territoire as document blocks: the safe Markdown subset (markdown.js), with
 * the sheet's own marks read too: `- [ ]` / `- [x]` as a box before the action, a line in
 * `_underscores_` (the « à compléter » prompt) in italics.
 * @param {string} markdown
 * @returns {HTMLElement[]}
 */
export function renderSheet(markdown) {
  const text = markdown.replace(/^_(\S.*\S)_$/gm, "*$1*");
  const blocks = renderMarkdown(text);
  for (const block of blocks) {
    for (const item of block.tagName === "UL" ? block.children : []) {
      const first = item.firstChild;
      const box = first?.nodeType === Node.TEXT_NODE ? /^\[( |x)\] /.exec(first.textContent ?? "") : null;
      if (!box || !first) continue;
      first.textContent = (first.textContent ?? "").slice(4);
      item.prepend(h("span", { class: "sheet-box", "aria-hidden": "true", text: box[1] === "x" ? "☑ " : "☐ " }));
      item.classList.add("sheet-task");
    }
  }
  return blocks;
}

/**
 * A file name for a downloaded sheet: `retour-au-territoire-pays-d-aix-2027-01-04.html`.
 * @param {string} territory the territory's name
 * @param {string} when the séance's day (YYYY-MM-DD) or its id in the plan
 * @returns {string}
 */
export function sheetFileName(territory, when) {
  const slug = (/** @type {string} */ text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return ["retour-au-territoire", slug(territory), slug(when)].filter(Boolean).join("-") + ".html";
}

/**
 * Offers a file to save (a link clicked for the reader, then forgotten).
 * @param {Blob} blob
 * @param {string} name
 */
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Prints one element alone: the print style sheet (actions-sheets.css) keeps it and the path to
 * it, and leaves out the rest of the page.
 * @param {HTMLElement} element
 */
export function printAlone(element) {
  element.setAttribute("data-printing", "");
  document.body.classList.add("printing-sheet");
  addEventListener("afterprint", () => {
    document.body.classList.remove("printing-sheet");
    element.removeAttribute("data-printing");
  }, { once: true });
  print();
}

/**
 * The words of a {@link sheetViewer}, in the page's language.
 * @typedef {object} SheetWords
 * @property {string} show « Lire le retour »
 * @property {string} hide « Masquer le retour »
 * @property {string} print « Imprimer »
 * @property {string} download « Télécharger »
 * @property {string} loading « Chargement du retour… »
 * @property {(error: any) => string} failed the sentence for a refusal
 * @property {(file: string) => string} downloaded « Fichier … téléchargé »
 * @property {string} described the accessible name of the buttons' subject (the séance, the territory)
 */

/**
 * What the viewers of a page remember across redraws: which sheets are open, their text.
 * @typedef {{ open: Set<string>, texts: Map<string, string> }} SheetStore
 */

/**
 * A sheet's viewer: « Lire » / « Masquer », « Télécharger », the document once read with
 * « Imprimer » in it, and a status line. Redrawn with the page; what is open stays open.
 * @param {{ id: string, store: SheetStore, words: SheetWords, load: () => Promise<string>, download: () => Promise<Blob>, fileName: string }} options
 *   `load`: the sheet's Markdown; `download`: its printable page
 * @returns {HTMLElement}
 */
export function sheetViewer({ id, store, words, load, download, fileName }) {
  const status = h("p", { id: `${id}-load-status`, class: "form-status", role: "status" });
  const doc = h("div", { id: `${id}-doc`, class: "sheet-doc", tabindex: "-1", "aria-label": words.described, hidden: true });
  const toggle = h("button", { type: "button", id: `${id}-show`, class: "button button-secondary button-small", "aria-controls": doc.id, "aria-expanded": "false", "aria-describedby": `${id}-what` });
  const save = h("button", { type: "button", id: `${id}-download`, class: "button button-link button-small", "aria-describedby": `${id}-what` }, words.download);
  const printButton = h("button", { type: "button", id: `${id}-print`, class: "button button-secondary button-small sheet-print" }, words.print);
  const what = h("span", { id: `${id}-what`, class: "visually-hidden", text: words.described });

  const fill = (/** @type {string} */ text) => replaceChildren(doc, h("p", { class: "button-row sheet-print" }, printButton), renderSheet(text));
  const setOpen = (/** @type {boolean} */ open) => {
    doc.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    setText(toggle, open ? words.hide : words.show);
    if (open) store.open.add(id);
    else store.open.delete(id);
  };
  const read = async () => {
    const cached = store.texts.get(id);
    if (cached !== undefined) return cached;
    delete status.dataset.tone;
    setText(status, words.loading);
    const text = await load();
    store.texts.set(id, text);
    setText(status, "");
    return text;
  };
  const openDoc = async (/** @type {boolean} */ focus) => {
    try {
      fill(await read());
      setOpen(true);
      if (focus) doc.focus();
      return true;
    } catch (error) {
      status.dataset.tone = "error";
      setText(status, words.failed(error));
      setOpen(false);
      return false;
    }
  };

  toggle.addEventListener("click", () => (doc.hidden ? openDoc(true) : setOpen(false)));
  printButton.addEventListener("click", () => printAlone(doc));
  save.addEventListener("click", async () => {
    save.disabled = true;
    try {
      saveFile(await download(), fileName);
      delete status.dataset.tone;
      setText(status, words.downloaded(fileName));
    } catch (error) {
      status.dataset.tone = "error";
      setText(status, words.failed(error));
    } finally {
      save.disabled = false;
    }
  });

  const wasOpen = store.open.has(id);
  setOpen(false);
  if (wasOpen) {
    const cached = store.texts.get(id);
    if (cached !== undefined) {
      fill(cached);
      setOpen(true);
    } else openDoc(false);
  }
  return h("div", { id, class: "sheet-viewer" }, what, h("p", { class: "button-row" }, toggle, save), status, doc);
}

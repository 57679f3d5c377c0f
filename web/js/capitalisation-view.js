/**
 * The cohort's *constats et enseignements* (its capitalisation: lessons by theme, then each
 * territory's page) read in the page, on the trainer's cohorts page (`/cohortes`) and the
 * member's page (`/moi`): the server's Markdown rendered as a document the way the retours
 * au territoire are (actions-sheets.js, markdown.js: never as HTML text), printed alone, or
 * downloaded as the server's printable page. Each page brings its words and its calls.
 *
 * @module capitalisation-view
 */

import { h, replaceChildren, setText } from "./dom.js";
import { printAlone, renderSheet, saveFile } from "./actions-sheets.js";

/**
 * The capitalisation as document blocks. On top of a sheet's marks (renderSheet): `####`
 * headings (a territory's parts) as the level below `###`, and `_words_` inside a line
 * (who said a lesson, in which séance) in italics.
 * @param {string} markdown
 * @returns {HTMLElement[]}
 */
export function renderCapitalisation(markdown) {
  const marked = markdown.replace(/\r\n?/g, "\n")
    .replace(/^#### +(.+)$/gm, "\n#### $1\n")
    .replace(/(^|[\s(])_([^_\n]*[^_\s])_(?=$|[\s).,;:!?])/gm, "$1*$2*");
  return renderSheet(marked).map((block) => {
    const first = block.firstChild;
    if (block.tagName !== "P" || first?.nodeType !== Node.TEXT_NODE || !(first.textContent ?? "").startsWith("#### ")) return block;
    first.textContent = (first.textContent ?? "").slice(5);
    const heading = document.createElement("h6");
    heading.append(...block.childNodes);
    return heading;
  });
}

/**
 * A file name from a response's `content-disposition` (`attachment; filename="x.json"`).
 * @param {Response} response
 * @param {string} fallback the name when the server gives none
 * @returns {string}
 */
export function fileNameOf(response, fallback) {
  const header = response.headers.get("content-disposition") ?? "";
  const name = /filename="?([^";]+)"?/i.exec(header)?.[1]?.trim() ?? "";
  return /^[A-Za-z0-9._-]{1,120}$/.test(name) ? name : fallback;
}

/**
 * The words of a {@link capitalisationViewer}, in the page's language.
 * @typedef {object} ViewerWords
 * @property {string} show « Lire les constats et enseignements »
 * @property {string} hide « Masquer »
 * @property {string} print « Imprimer »
 * @property {string} download « Télécharger (page à imprimer) »
 * @property {string} loading « Chargement… »
 * @property {(error: any) => string} failed the sentence for a refusal
 * @property {(file: string) => string} downloaded « Fichier … téléchargé »
 * @property {string} described the document's accessible name
 */

/**
 * What a viewer remembers across redraws: whether it is open, the text loaded (null: none).
 * @typedef {{ open: boolean, text: string | null }} ViewerStore
 */

/**
 * The viewer: « Lire » / « Masquer », « Imprimer » (which reads the document first if need
 * be), « Télécharger (page à imprimer) », a status line, and the document.
 * @param {{ id: string, store: ViewerStore, words: ViewerWords, load: () => Promise<string>, download: () => Promise<{ blob: Blob, name: string }> }} options
 * @returns {HTMLElement}
 */
export function capitalisationViewer({ id, store, words, load, download }) {
  const status = h("p", { id: `${id}-status`, class: "form-status", role: "status" });
  const doc = h("div", { id: `${id}-doc`, class: "sheet-doc capitalisation-doc", tabindex: "-1", "aria-label": words.described, hidden: true });
  const toggle = h("button", { type: "button", id: `${id}-show`, class: "button button-secondary button-small", "aria-controls": doc.id, "aria-expanded": "false" });
  const printButton = h("button", { type: "button", id: `${id}-print`, class: "button button-secondary button-small" }, words.print);
  const save = h("button", { type: "button", id: `${id}-download`, class: "button button-link button-small" }, words.download);

  const say = (/** @type {string} */ text, /** @type {boolean} */ error = false) => {
    if (error) status.dataset.tone = "error";
    else delete status.dataset.tone;
    setText(status, text);
  };
  const setOpen = (/** @type {boolean} */ open) => {
    doc.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    setText(toggle, open ? words.hide : words.show);
    store.open = open;
  };
  const openDoc = async (/** @type {boolean} */ focus) => {
    try {
      if (store.text === null) {
        say(words.loading);
        store.text = await load();
        say("");
      }
      replaceChildren(doc, renderCapitalisation(store.text));
      setOpen(true);
      if (focus) doc.focus();
      return true;
    } catch (error) {
      say(words.failed(error), true);
      setOpen(false);
      return false;
    }
  };

  toggle.addEventListener("click", () => (doc.hidden ? openDoc(true) : setOpen(false)));
  printButton.addEventListener("click", async () => {
    if (doc.hidden && !(await openDoc(false))) return;
    printAlone(doc);
  });
  save.addEventListener("click", async () => {
    save.disabled = true;
    try {
      const { blob, name } = await download();
      saveFile(blob, name);
      say(words.downloaded(name));
    } catch (error) {
      say(words.failed(error), true);
    } finally {
      save.disabled = false;
    }
  });

  const wasOpen = store.open;
  setOpen(false);
  if (wasOpen) {
    if (store.text !== null) {
      replaceChildren(doc, renderCapitalisation(store.text));
      setOpen(true);
    } else openDoc(false);
  }
  return h("div", { id, class: "capitalisation-viewer" }, h("p", { class: "button-row" }, toggle, printButton, save), status, doc);
}

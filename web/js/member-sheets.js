/**
 * « Retours au territoire » on the member's page: one entry per séance held, with its
 * territory's sheet (their request, their actions, the group's constats et enseignements)
 * to read in the page, print or download as a printable page, and « Transmis à »: to whom
 * the binôme passed it on at home.
 *
 * @module member-sheets
 */

import { byId, h, replaceChildren, setText } from "./dom.js";
import { t } from "./i18n.js";
import { call, refusal } from "./member-api.js";
import { keyId, sheetFileName, sheetViewer } from "./actions-sheets.js";

/** @typedef {import("./member-actions.js").ActionsPage} SheetsPage */

/** @type {import("./actions-sheets.js").SheetStore} which sheets are open, their text */
const store = { open: new Set(), texts: new Map() };

/** @type {Map<string, string>} « Transmis à » typed and not yet saved, by séance */
const drafts = new Map();

/** Forgets the sheets' text: an action reviewed or a sheet passed on changes them. */
export function forgetSheets() {
  store.texts.clear();
}

/**
 * Draws the section from `page.me.sheets`.
 * @param {SheetsPage} page
 */
export function drawSheets(page) {
  const sheets = page.me.sheets ?? [];
  byId("sheets-empty").hidden = sheets.length > 0;
  replaceChildren(byId("sheets"), [...sheets].reverse().map((sheet) => sheetEntry(page, sheet)));
}

/**
 * One séance held: its title and day, the sheet's viewer, « Transmis à ».
 * @param {SheetsPage} page
 * @param {any} sheet
 */
function sheetEntry(page, sheet) {
  const id = `sheet-${keyId(sheet.planned)}`;
  const path = `/api/me/sheets/${encodeURIComponent(sheet.planned)}`;
  const shared = sheet.sharedWith ?? "";
  const input = /** @type {HTMLInputElement} */ (h("input", {
    id: `${id}-with`, class: "input", type: "text", maxlength: "500", autocomplete: "off", "aria-describedby": `${id}-with-hint`,
  }));
  input.value = drafts.get(sheet.planned) ?? shared;
  input.addEventListener("input", () => {
    if (input.value.trim() !== shared) drafts.set(sheet.planned, input.value);
    else drafts.delete(sheet.planned);
  });
  const save = h("button", { type: "submit", id: `${id}-with-save`, class: "button button-secondary" }, t("member.sheets.sharedSave"));
  const status = h("p", { id: `${id}-status`, class: "form-status", role: "status" });
  const form = h("form", { class: "sheet-shared", novalidate: true, "aria-labelledby": `${id}-title` },
    h("div", { class: "field" },
      h("label", { for: input.id, text: t("member.sheets.shared") }),
      h("p", { id: `${id}-with-hint`, class: "hint", text: t("member.sheets.sharedHint") }),
      h("div", { class: "input-row" }, input, save)),
    status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    share(page, sheet, input.value.trim(), /** @type {HTMLButtonElement} */ (save), status);
  });
  const title = sheet.title;
  return h("li", { id, class: "sheet-entry", dataset: { planned: sheet.planned } },
    h("div", { class: "sheet-head" },
      h("h3", { id: `${id}-title`, class: "sheet-title", tabindex: "-1", text: title }),
      h("p", { class: "status-badge", dataset: { shared: String(Boolean(shared)) }, text: shared ? t("member.sheets.isShared") : t("member.sheets.notShared") })),
    sheet.date && h("p", { class: "muted", text: page.formatDate(sheet.date) }),
    sheetViewer({
      id: `${id}-viewer`,
      store,
      words: {
        show: t("member.sheets.show"),
        hide: t("member.sheets.hide"),
        print: t("member.sheets.print"),
        download: t("member.sheets.download"),
        loading: t("member.sheets.loading"),
        failed: (error) => refusal(error, "sheet"),
        downloaded: (file) => t("member.sheets.downloaded", { file }),
        described: t("member.sheets.described", { title }),
      },
      load: async () => (await call(path, { raw: true })).text(),
      download: async () => (await call(`${path}?format=html`, { raw: true })).blob(),
      fileName: sheetFileName(page.me.territory?.name ?? "", sheet.date ?? sheet.planned),
    }),
    form);
}

/**
 * Saves « Transmis à » ("" clears it); the page is redrawn from the answer.
 * @param {SheetsPage} page
 * @param {any} sheet
 * @param {string} text
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 */
async function share(page, sheet, text, button, status) {
  button.disabled = true;
  delete status.dataset.tone;
  setText(status, "");
  try {
    const me = await call(`/api/me/sheets/${encodeURIComponent(sheet.planned)}`, { method: "POST", body: { with: text } });
    drafts.delete(sheet.planned);
    page.update(me);
    const id = `sheet-${keyId(sheet.planned)}`;
    const said = text ? t("member.sheets.sharedDone", { with: text }) : t("member.sheets.sharedCleared");
    const line = document.getElementById(`${id}-status`);
    if (line) {
      line.dataset.tone = "success";
      setText(line, said);
    }
    document.getElementById(`${id}-with`)?.focus();
    page.announce(said);
  } catch (error) {
    status.dataset.tone = "error";
    setText(status, refusal(error, "shared"));
  } finally {
    button.disabled = false;
  }
}

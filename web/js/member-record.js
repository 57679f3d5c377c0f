/**
 * « Fiche d'expérience de notre territoire » on the member's page (`/moi`): the binôme
 * co-writes its territory's record (`GET`/`PUT /api/me/record`), each field in its own words,
 * the stage of maturity, the themes of the cohort's plan it relates to. A save carries the
 * version it started from (`base`); when the partner saved meanwhile (409), what the member
 * typed stays and the partner's version is shown beside it to merge (member-record-merge.js).
 * What is typed and not yet saved survives redraws, and a reload of this tab.
 *
 * @module member-record
 */

import { byId, h, replaceChildren, setText } from "./dom.js";
import { t } from "./i18n.js";
import { call, refusal } from "./member-api.js";
import { FIELD_LIMIT, MATURITIES, TEXT_FIELDS, fieldLabel, normalised, savedLine } from "./record-fields.js";
import { ALL_FIELDS, applied, mergeNotice, mergeOnConflict, same, theirsBox } from "./member-record-merge.js";

/** @typedef {import("./member-actions.js").ActionsPage} RecordPage */

/**
 * The section's state: the record view the draft started from (its version is the `base`),
 * the draft, a merge in progress, what went wrong loading.
 */
const state = {
  /** @type {any} */ loaded: null,
  /** @type {ReturnType<typeof normalised> | null} */ draft: null,
  /** @type {import("./member-record-merge.js").Merge | null} */ merge: null,
  failed: false,
};

/** Where this tab keeps a draft not yet saved (sessionStorage: this tab only). */
const DRAFT_KEY = "atelier.record-draft";

/** @param {RecordPage} page */
function keepDraft(page) {
  try {
    if (state.draft && state.loaded && changed()) {
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ member: page.me.me.id, loaded: state.loaded, draft: state.draft }));
    } else sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Storage unavailable: the draft stays in the page only.
  }
}

/** @param {RecordPage} page @returns {{ loaded: any, draft: any } | null} */
function storedDraft(page) {
  try {
    const stored = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? "null");
    return stored?.member === page.me.me.id && stored.loaded && stored.draft ? stored : null;
  } catch {
    return null;
  }
}

/** Whether the draft differs from what it started from. */
function changed() {
  const original = normalised(state.loaded?.record);
  return Boolean(state.draft) && ALL_FIELDS.some((field) => !same(state.draft?.[field], original[field]));
}

/**
 * Loads the record (or the draft this tab kept) and draws the section.
 * @param {RecordPage} page
 */
export async function startRecord(page) {
  try {
    const view = await call("/api/me/record");
    const stored = storedDraft(page);
    state.loaded = view;
    state.draft = normalised(stored ? stored.draft : view.record);
    state.merge = null;
    if (stored && stored.loaded.version !== view.version) {
      // Saved meanwhile (by the binôme, or from this draft's other tab): merged as after a 409.
      const { values, merge } = mergeOnConflict(normalised(stored.loaded.record), state.draft, view);
      state.draft = values;
      state.merge = merge;
    }
    state.failed = false;
    drawRecord(page);
    if (stored) say(t("capitalisation.member.draftFound"));
  } catch {
    state.failed = true;
    drawRecord(page);
  }
}

/** Says something in the form's status line. @param {string} text @param {"success" | "error"} [tone] */
function say(text, tone) {
  const status = document.getElementById("record-status");
  if (!status) return;
  if (tone) status.dataset.tone = tone;
  else delete status.dataset.tone;
  setText(status, text);
}

/**
 * The cohort's themes (those of its plan), then any other the record holds.
 * @param {RecordPage} page
 * @returns {string[]}
 */
function themesOffered(page) {
  const planned = page.me.plan.map((session) => session.theme).filter(Boolean);
  return [...new Set([...planned, ...(state.draft?.themes ?? [])])];
}

/**
 * Draws the section from its state, keeping the focus where it was.
 * @param {RecordPage} page
 */
export function drawRecord(page) {
  const root = byId("record");
  const focused = root.contains(document.activeElement) ? document.activeElement : null;
  const focusId = focused?.id ?? "";
  const selection = focused && "selectionStart" in focused ? [focused.selectionStart, focused.selectionEnd] : null;
  const reviewedIn = page.me.plan.find((session) => session.id === state.loaded?.reviewedIn);
  replaceChildren(byId("record-saved"), state.loaded && [
    h("span", { text: savedLine(state.loaded, page.me.me.id) }),
    reviewedIn && h("span", { class: "record-reviewed-line", text: t("capitalisation.member.reviewedIn", { seance: reviewedIn.title }) })]);
  if (!state.loaded || !state.draft) {
    replaceChildren(root, h("p", { class: state.failed ? "form-status" : "muted", dataset: state.failed ? { tone: "error" } : {},
      text: t(state.failed ? "capitalisation.member.loadFailed" : "capitalisation.loading") }));
    return;
  }
  replaceChildren(root, recordForm(page));
  for (const area of root.querySelectorAll("textarea")) fitRows(/** @type {HTMLTextAreaElement} */ (area)); // now that they have a width
  const again = focusId ? /** @type {any} */ (document.getElementById(focusId)) : null;
  if (again) {
    again.focus();
    if (selection && "setSelectionRange" in again) again.setSelectionRange(selection[0], selection[1]);
  }
}

/**
 * The form: the notice of a merge, each field (the partner's beside it when both changed it), save.
 * @param {RecordPage} page
 */
function recordForm(page) {
  const me = page.me.me.id;
  const draft = /** @type {ReturnType<typeof normalised>} */ (state.draft);
  const merge = state.merge;
  const unsaved = h("span", { id: "record-unsaved", class: "unsaved", hidden: !changed(), text: t("capitalisation.member.unsaved") });
  const besideIfConflict = (/** @type {string} */ field, /** @type {HTMLElement} */ control) => {
    if (!merge?.conflicts.includes(field)) return control;
    return h("div", { class: "merge-pair" },
      h("div", { class: "merge-mine" }, h("p", { class: "merge-label", "aria-hidden": "true", text: t(TEXT_FIELDS.includes(field) ? "capitalisation.merge.mineLabel" : "capitalisation.merge.mineChoice") }), control),
      theirsBox(field, merge, me, (how) => {
        draft[field] = /** @type {any} */ (applied(field, how, draft, merge.theirs));
        const text = t(how === "take" ? "capitalisation.merge.tookDone" : "capitalisation.merge.addedDone", { field: fieldLabel(field) });
        merge.done.set(field, text);
        keepDraft(page);
        drawRecord(page);
        document.getElementById(field === "maturity" ? `record-maturity-${draft.maturity || "none"}` : field === "themes" ? "record-themes-legend" : `record-${field}`)?.focus();
        page.announce(text);
      }));
  };
  const textField = (/** @type {string} */ field) => {
    const control = /** @type {HTMLTextAreaElement} */ (h("textarea", { id: `record-${field}`, class: "input record-input", rows: "4", "aria-describedby": `record-${field}-hint` }));
    control.value = draft[field];
    fitRows(control);
    control.addEventListener("input", () => {
      draft[field] = control.value;
      control.removeAttribute("aria-invalid");
      fitRows(control);
    });
    return h("div", { class: "field record-field", dataset: { field, conflict: String(Boolean(merge?.conflicts.includes(field))) } },
      h("label", { id: `record-${field}-label`, for: control.id, text: fieldLabel(field) }),
      h("p", { id: `record-${field}-hint`, class: "hint", text: t(`capitalisation.hint.${field}`) }),
      besideIfConflict(field, control));
  };
  const maturity = h("fieldset", { class: "record-choice", dataset: { field: "maturity" }, "aria-describedby": "record-maturity-hint" },
    h("legend", { text: fieldLabel("maturity") }),
    h("p", { id: "record-maturity-hint", class: "hint", text: t("capitalisation.hint.maturity") }),
    besideIfConflict("maturity", h("div", { class: "maturity-options" }, ["", ...MATURITIES].map((value) => h("div", { class: "maturity-option" },
      h("input", { type: "radio", id: `record-maturity-${value || "none"}`, name: "record-maturity", value, checked: draft.maturity === value,
        "aria-describedby": value ? `record-maturity-${value}-what` : null, onchange: () => { draft.maturity = value; } }),
      h("label", { for: `record-maturity-${value || "none"}` },
        h("span", { class: "maturity-name", text: value ? t(`capitalisation.maturity.${value}`) : t("capitalisation.maturity.none") }),
        value && h("span", { id: `record-maturity-${value}-what`, class: "maturity-what", text: t(`capitalisation.maturity.${value}.what`) })))))));
  const offered = themesOffered(page);
  const themes = h("fieldset", { class: "record-choice", dataset: { field: "themes" }, "aria-describedby": "record-themes-hint" },
    h("legend", { id: "record-themes-legend", tabindex: "-1", text: fieldLabel("themes") }),
    h("p", { id: "record-themes-hint", class: "hint", text: t("capitalisation.hint.themes") }),
    besideIfConflict("themes", offered.length === 0 ? h("p", { class: "muted", text: t("capitalisation.member.noThemeInPlan") })
      : h("ul", { class: "theme-options" }, offered.map((theme, index) => h("li", {},
        h("input", { type: "checkbox", id: `record-theme-${index}`, value: theme, checked: draft.themes.includes(theme),
          onchange: (/** @type {Event} */ event) => {
            const on = /** @type {HTMLInputElement} */ (event.currentTarget).checked;
            draft.themes = on ? [...new Set([...draft.themes, theme])] : draft.themes.filter((one) => one !== theme);
          } }),
        h("label", { for: `record-theme-${index}`, text: theme }))))));
  const save = h("button", { type: "submit", id: "record-save", class: "button button-primary" },
    t(merge ? "capitalisation.member.saveMerged" : "capitalisation.member.save"));
  const form = h("form", { id: "record-form", class: "record-form", novalidate: true, "aria-labelledby": "record-heading" },
    merge && mergeNotice(merge, me),
    ["ecosystem", "model", "governance"].map(textField),
    maturity,
    ["tried", "learned"].map(textField),
    themes,
    h("p", { class: "button-row record-save-row" }, save, unsaved),
    h("p", { id: "record-status", class: "form-status", role: "status" }));
  form.addEventListener("input", () => {
    unsaved.hidden = !changed();
    keepDraft(page);
  });
  form.addEventListener("change", () => {
    unsaved.hidden = !changed();
    keepDraft(page);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveRecord(page, /** @type {HTMLButtonElement} */ (save));
  });
  return form;
}

/**
 * Grows a text field with what it holds (4 to 16 lines), so a merged text is seen whole.
 * @param {HTMLTextAreaElement} control
 */
function fitRows(control) {
  const perLine = Math.max(20, Math.floor((control.clientWidth || 560) / 9));
  const lines = control.value.split("\n").reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
  control.rows = Math.min(16, Math.max(4, lines + 1));
}

/**
 * The record to send: the draft's texts as typed, the maturity only when chosen.
 * @param {ReturnType<typeof normalised>} draft
 */
function body(draft) {
  /** @type {Record<string, any>} */
  const record = { themes: draft.themes };
  for (const field of TEXT_FIELDS) record[field] = draft[field].trim();
  if (draft.maturity) record.maturity = draft.maturity;
  return record;
}

/**
 * Marks a field too long and says so; its text stays.
 * @param {string} field
 */
function tooLong(field) {
  const control = document.getElementById(`record-${field}`);
  control?.setAttribute("aria-invalid", "true");
  say(t("capitalisation.member.tooLong", { field: fieldLabel(field), limit: FIELD_LIMIT }), "error");
  control?.focus();
}

/**
 * Saves from the version the draft started from; a 409 starts a merge, nothing typed lost.
 * @param {RecordPage} page
 * @param {HTMLButtonElement} button
 */
async function saveRecord(page, button) {
  const draft = /** @type {ReturnType<typeof normalised>} */ (state.draft);
  const long = TEXT_FIELDS.find((field) => draft[field].trim().length > FIELD_LIMIT);
  if (long) return tooLong(long);
  button.disabled = true;
  say("");
  try {
    const view = await call("/api/me/record", { method: "PUT", body: { record: body(draft), base: state.loaded.version } });
    state.loaded = view;
    state.draft = normalised(view.record);
    state.merge = null;
    keepDraft(page);
    drawRecord(page);
    const text = t("capitalisation.member.saved");
    say(text, "success");
    document.getElementById("record-save")?.focus();
    page.announce(text);
  } catch (error) {
    const problem = /** @type {any} */ (error);
    const current = problem.body?.current;
    if (problem.status === 409 && current) {
      const { values, merge } = mergeOnConflict(normalised(state.loaded.record), draft, current);
      state.loaded = current;
      state.draft = values;
      state.merge = merge;
      keepDraft(page);
      drawRecord(page);
      document.getElementById("record-merge")?.focus();
      page.announce(byId("record-merge-title").textContent ?? "");
      return;
    }
    const field = /^([a-z]+):/.exec(problem.message ?? "")?.[1];
    if (problem.status === 413 && field && TEXT_FIELDS.includes(field)) return tooLong(field);
    say(problem.status === 400 ? t("capitalisation.member.badRequest") : refusal(error, "record"), "error");
  } finally {
    const again = /** @type {HTMLButtonElement | null} */ (document.getElementById("record-save"));
    if (again) again.disabled = false;
    button.disabled = false;
  }
}

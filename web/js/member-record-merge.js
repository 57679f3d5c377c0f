/**
 * When the binôme saved the fiche d'expérience while this member was writing it (the server
 * answers 409 with the record as it is now): what the member typed stays, field by field.
 * A field only the partner changed takes the partner's text (nothing typed is lost there);
 * a field both changed keeps the member's text and shows the partner's beside it, with who
 * saved it and when, to take or to add after theirs; the next save starts from the current
 * version. Used by member-record.js.
 *
 * @module member-record-merge
 */

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { TEXT_FIELDS, fieldLabel, formatMoment, maturityLabel, normalised, writerName } from "./record-fields.js";

/** Every field of a record, in the form's order. */
export const ALL_FIELDS = Object.freeze(["ecosystem", "model", "governance", "maturity", "tried", "learned", "themes"]);

/**
 * Whether two values of a field say the same (texts apart from surrounding spaces, themes in any order).
 * @param {string | string[]} a
 * @param {string | string[]} b
 * @returns {boolean}
 */
export function same(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = new Set(Array.isArray(a) ? a : []);
    const right = new Set(Array.isArray(b) ? b : []);
    return left.size === right.size && [...left].every((value) => right.has(value));
  }
  return String(a ?? "").trim() === String(b ?? "").trim();
}

/**
 * A merge in progress: the partner's record view, the fields to merge by hand, the fields
 * taken from the partner, and what was done in each box.
 * @typedef {{ theirs: any, conflicts: string[], taken: string[], done: Map<string, string> }} Merge
 */

/**
 * Merges what the member typed with the record saved meanwhile.
 * @param {ReturnType<typeof normalised>} original what the member started from
 * @param {ReturnType<typeof normalised>} mine what the member typed
 * @param {any} theirs the record view as it is now (the 409's `current`)
 * @returns {{ values: ReturnType<typeof normalised>, merge: Merge }}
 */
export function mergeOnConflict(original, mine, theirs) {
  const now = normalised(theirs.record);
  const values = { ...mine, themes: [...mine.themes] };
  /** @type {string[]} */ const conflicts = [];
  /** @type {string[]} */ const taken = [];
  for (const field of ALL_FIELDS) {
    if (same(mine[field], now[field])) continue;
    if (same(mine[field], original[field])) {
      values[field] = field === "themes" ? [...now.themes] : now[field];
      taken.push(field);
    } else if (!same(now[field], original[field])) conflicts.push(field);
  }
  return { values, merge: { theirs, conflicts, taken, done: new Map() } };
}

/**
 * The notice above the form: who saved meanwhile, when, what was taken, what to merge.
 * @param {Merge} merge
 * @param {string} me the member's id
 * @returns {HTMLElement}
 */
export function mergeNotice(merge, me) {
  const view = merge.theirs;
  const when = formatMoment(view.updatedAt);
  const titleKey = view.updatedBy === me ? "capitalisation.merge.titleSelf"
    : view.updatedBy === "trainer" ? "capitalisation.merge.titleTrainer" : "capitalisation.merge.title";
  const names = (/** @type {string[]} */ fields) => fields.map((field) => `« ${fieldLabel(field)} »`).join(", ");
  const open = merge.conflicts.filter((field) => !merge.done.has(field));
  return h("div", { id: "record-merge", class: "merge-notice", tabindex: "-1", role: "group", "aria-labelledby": "record-merge-title" },
    h("h3", { id: "record-merge-title", class: "merge-title", text: t(titleKey, { name: writerName(view, me), date: when }) }),
    h("p", { text: t("capitalisation.merge.kept") }),
    merge.conflicts.length > 0 && h("p", { text: t("capitalisation.merge.conflicts", { fields: names(merge.conflicts) }) }),
    merge.taken.length > 0 && h("p", { text: t("capitalisation.merge.taken", { fields: names(merge.taken) }) }),
    merge.conflicts.length === 0 && h("p", { text: t("capitalisation.merge.noConflict") }),
    h("p", { class: "merge-next", text: open.length > 0 ? t("capitalisation.merge.thenSave") : t("capitalisation.merge.ready") }));
}

/**
 * The partner's version of one field, beside the member's, with what can be done with it.
 * @param {string} field
 * @param {Merge} merge
 * @param {string} me the member's id
 * @param {(how: "take" | "add") => void} apply puts the partner's value in the field (`add`: after the member's)
 * @returns {HTMLElement}
 */
export function theirsBox(field, merge, me, apply) {
  const id = `record-${field}-theirs`;
  const view = merge.theirs;
  const now = normalised(view.record);
  const content = field === "maturity"
    ? h("p", { class: "merge-text", text: maturityLabel(now.maturity) })
    : field === "themes"
      ? (now.themes.length > 0 ? h("ul", { class: "theme-tags" }, now.themes.map((theme) => h("li", { text: theme })))
        : h("p", { class: "merge-text muted", text: t("capitalisation.noThemes") }))
      : h("p", { class: "merge-text", text: now[field] || t("capitalisation.empty") });
  const canAdd = field === "themes" || TEXT_FIELDS.includes(field);
  const done = merge.done.get(field);
  return h("div", { id, class: "merge-theirs", role: "group", "aria-labelledby": `${id}-title` },
    h("p", { id: `${id}-title`, class: "merge-label", text: t("capitalisation.merge.theirsLabel", {
      name: writerName(view, me), date: formatMoment(view.updatedAt), field: fieldLabel(field) }) }),
    content,
    h("p", { class: "button-row" },
      h("button", { type: "button", id: `${id}-take`, class: "button button-secondary button-small", "aria-describedby": `${id}-title`, onclick: () => apply("take") },
        t(field === "maturity" ? "capitalisation.merge.takeStage" : field === "themes" ? "capitalisation.merge.takeThemes" : "capitalisation.merge.take")),
      canAdd && h("button", { type: "button", id: `${id}-add`, class: "button button-secondary button-small", "aria-describedby": `${id}-title`, onclick: () => apply("add") },
        t(field === "themes" ? "capitalisation.merge.addThemes" : "capitalisation.merge.add"))),
    h("p", { id: `${id}-status`, class: "form-status", role: "status", dataset: done ? { tone: "success" } : {}, text: done ?? "" }));
}

/**
 * The value of a field once the partner's is taken or added after the member's.
 * @param {string} field
 * @param {"take" | "add"} how
 * @param {ReturnType<typeof normalised>} values what the form holds now
 * @param {any} theirs the partner's record view
 * @returns {string | string[]}
 */
export function applied(field, how, values, theirs) {
  const now = normalised(theirs.record);
  if (field === "themes") return how === "take" ? [...now.themes] : [...new Set([...values.themes, ...now.themes])];
  if (how === "take" || field === "maturity") return now[field];
  const mine = values[field].trimEnd();
  return mine ? `${mine}\n\n${now[field]}` : now[field];
}

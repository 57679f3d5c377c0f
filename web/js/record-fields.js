/**
 * A territory's *fiche d'expérience* (experience record), as both pages show it: the
 * member's (`/moi`, where the binôme co-writes it) and the trainer's (`/cohortes`, where it
 * is read and marked as reviewed in a séance). Its fields in their own words, the four
 * stages of maturity, and who saved it last and when. Strings: web/i18n/capitalisation.json.
 *
 * @module record-fields
 */

import { getLocale, t } from "./i18n.js";

/** The record's text fields, in the order they are written. */
export const TEXT_FIELDS = Object.freeze(["ecosystem", "model", "governance", "tried", "learned"]);

/** The stages of maturity: an emerging practice is not judged like a consolidated one. */
export const MATURITIES = Object.freeze(["emergence", "structuration", "consolidation", "essaimage"]);

/** The longest a text field may be (the server refuses more, 413). */
export const FIELD_LIMIT = 4000;

/**
 * A count with its noun in the right number: `count("capitalisation.trainer.written", 3, { total: 4 })`
 * reads `capitalisation.trainer.written.other` with `{n}` = 3.
 * @param {string} key
 * @param {number} n
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function count(key, n, params = {}) {
  const form = new Intl.PluralRules(getLocale()).select(n) === "one" ? "one" : "other";
  return t(`${key}.${form}`, { ...params, n });
}

/**
 * A field's label (`ecosystem`, `maturity`, `themes`…) in the page's language.
 * @param {string} field
 * @returns {string}
 */
export function fieldLabel(field) {
  return t(`capitalisation.field.${field}`);
}

/**
 * A stage of maturity in words (« structuration »), or « non précisé ».
 * @param {string | undefined} maturity
 * @returns {string}
 */
export function maturityLabel(maturity) {
  return MATURITIES.includes(maturity ?? "") ? t(`capitalisation.maturity.${maturity}`) : t("capitalisation.maturity.none");
}

/**
 * An empty record, what a territory has before anyone writes.
 * @returns {{ ecosystem: string, model: string, governance: string, tried: string, learned: string, maturity: string, themes: string[] }}
 */
export function emptyRecord() {
  return { ecosystem: "", model: "", governance: "", tried: "", learned: "", maturity: "", themes: [] };
}

/**
 * A record as the page edits it: every field present, `maturity` "" when not said.
 * @param {any} record as the API gives it
 * @returns {ReturnType<typeof emptyRecord>}
 */
export function normalised(record) {
  const values = emptyRecord();
  for (const field of TEXT_FIELDS) values[field] = typeof record?.[field] === "string" ? record[field] : "";
  values.maturity = MATURITIES.includes(record?.maturity) ? record.maturity : "";
  values.themes = Array.isArray(record?.themes) ? record.themes.filter((theme) => typeof theme === "string") : [];
  return values;
}

/**
 * Whether a record says anything yet.
 * @param {any} record
 * @returns {boolean}
 */
export function isWritten(record) {
  const values = normalised(record);
  return TEXT_FIELDS.some((field) => values[field].trim() !== "") || values.maturity !== "" || values.themes.length > 0;
}

/**
 * A moment (milliseconds since 1970) in the page's language: « 3 déc. 2026 à 14:05 », “Dec 3, 2026 at 2:05 PM”.
 * @param {number | undefined} at
 * @returns {string}
 */
export function formatMoment(at) {
  if (typeof at !== "number") return "";
  const moment = new Date(at);
  return t("capitalisation.moment", {
    date: new Intl.DateTimeFormat(getLocale(), { day: "numeric", month: "short", year: "numeric" }).format(moment),
    time: new Intl.DateTimeFormat(getLocale(), { hour: "2-digit", minute: "2-digit" }).format(moment),
  });
}

/**
 * Who saved a record last, in words: the trainer, the reader themselves, or a name.
 * @param {any} view a record view (`updatedBy`, `updatedByName`)
 * @param {string} [me] the reader's member id, if they are a member
 * @returns {string}
 */
export function writerName(view, me) {
  if (view?.updatedBy === "trainer") return t("capitalisation.by.trainer");
  if (me && view?.updatedBy === me) return t("capitalisation.by.you");
  return view?.updatedByName ?? view?.updatedBy ?? "";
}

/**
 * « Enregistrée par Bruno le 3 déc. 2026 à 14:05 », or « Pas encore écrite ».
 * @param {any} view a record view
 * @param {string} [me] the reader's member id
 * @returns {string}
 */
export function savedLine(view, me) {
  if (!view?.version) return t("capitalisation.saved.never");
  const when = formatMoment(view.updatedAt);
  return when ? t("capitalisation.saved.byOn", { name: writerName(view, me), date: when }) : t("capitalisation.saved.by", { name: writerName(view, me) });
}

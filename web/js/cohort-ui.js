/**
 * Small pieces the cohorts page (`/cohortes`) builds its sections from: fields, status
 * lines that say a refusal in words, dates and counts in the page's language, an inline
 * confirmation, a copy button, and redrawing a section without losing what was typed.
 *
 * @module cohort-ui
 */

import { h, replaceChildren, setText } from "./dom.js";
import { getLocale, t } from "./i18n.js";
import { refusalDetail, refusalSentence } from "./cohort-api.js";

/**
 * A labelled field: `<div class="field"><label for=id>…</label>control hint?</div>`.
 * @param {string} label the label's text
 * @param {HTMLElement} control an input, select or textarea with an `id`
 * @param {string} [hint] a line under the label, tied to the control with aria-describedby
 * @returns {HTMLElement}
 */
export function field(label, control, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h("div", { class: "field" },
    h("label", { for: control.id, text: label }),
    hintId && h("p", { id: hintId, class: "hint", text: hint }),
    control);
}

/**
 * A status line for the result of an action (a live region, empty until something is said).
 * @param {string} id
 * @returns {HTMLElement}
 */
export function statusLine(id) {
  return h("p", { id, class: "form-status", role: "status" });
}

/**
 * Says a refusal in words in `status`, the server's message after it in small print.
 * @param {HTMLElement} status a {@link statusLine}
 * @param {any} error the refusal
 * @param {string} action the refused action, e.g. `"territory"`
 */
export function showRefusal(status, error, action) {
  status.dataset.tone = "error";
  const detail = refusalDetail(error);
  replaceChildren(status, refusalSentence(error, action), detail && h("span", { class: "refusal-detail", text: ` ${detail}` }));
}

/**
 * Says that an action went well in `status`.
 * @param {HTMLElement} status
 * @param {string} text
 */
export function showDone(status, text) {
  status.dataset.tone = "success";
  setText(status, text);
}

/** @param {HTMLElement} status */
export function clearStatus(status) {
  delete status.dataset.tone;
  setText(status, "");
}

/**
 * Runs `work` with `button` disabled (a second click does not send it twice).
 * @template T
 * @param {HTMLButtonElement | null} button
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function whileBusy(button, work) {
  if (button) button.disabled = true;
  try {
    return await work();
  } finally {
    if (button) button.disabled = false;
  }
}

/**
 * A day written `YYYY-MM-DD` in the page's language, e.g. « lun. 4 janv. 2027 ».
 * @param {string | undefined} day
 * @param {Intl.DateTimeFormatOptions} [options]
 * @returns {string} empty when there is no day
 */
export function formatDay(day, options = { weekday: "short", day: "numeric", month: "short", year: "numeric" }) {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return "";
  const [year, month, date] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(getLocale(), { ...options, timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, date)));
}

/**
 * A cohort's dates as one phrase: « du 4 janv. 2027 au 30 juin 2028 », « à partir du … », « dates à fixer ».
 * @param {{ starts?: string, ends?: string }} cohort
 * @returns {string}
 */
export function formatPeriod({ starts, ends }) {
  const options = { day: "numeric", month: "short", year: "numeric" };
  const from = formatDay(starts, options);
  const to = formatDay(ends, options);
  if (from && to) return t("cohorts.period.both", { from, to });
  if (from) return t("cohorts.period.from", { from });
  if (to) return t("cohorts.period.until", { to });
  return t("cohorts.period.none");
}

/**
 * A count with its noun in the right number: `plural("cohorts.count.territories", 3)` reads
 * `cohorts.count.territories.other` with `{n}` = 3.
 * @param {string} key
 * @param {number} n
 * @returns {string}
 */
export function plural(key, n) {
  const form = new Intl.PluralRules(getLocale()).select(n) === "one" ? "one" : "other";
  return t(`${key}.${form}`, { n });
}

/**
 * How many séances of a plan were opened: « 2 ouvertes », « aucune ouverte ».
 * @param {number} n
 * @returns {string}
 */
export function openedCount(n) {
  return n === 0 ? t("cohorts.count.openedNone") : plural("cohorts.count.opened", n);
}

/**
 * A read-only field holding a link, with a button that copies it.
 * @param {string} id the field's id
 * @param {string} label
 * @param {string} value
 * @param {HTMLElement} status where « Copié » is said
 * @returns {HTMLElement}
 */
export function copyField(id, label, value, status) {
  const input = /** @type {HTMLTextAreaElement} */ (h("textarea", { id, class: "input input-link", rows: "3", readonly: true, spellcheck: "false" }));
  input.value = value;
  const copy = async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(value);
      showDone(status, t("cohorts.copy.done"));
    } catch {
      showDone(status, t("cohorts.copy.manual"));
    }
  };
  return h("div", { class: "field" },
    h("label", { for: id, text: label }),
    h("div", { class: "input-row" }, input,
      h("button", { type: "button", class: "button button-secondary", onclick: copy, "aria-label": t("cohorts.copy.named", { what: label }) },
        t("cohorts.copy.button"))));
}

/**
 * An inline confirmation (no browser dialog): a question with a button that does it and one
 * that cancels. Hidden until {@link openConfirmation}.
 * @param {{ id: string, question: string, detail?: string, confirm: string, danger?: boolean, onConfirm: (button: HTMLButtonElement) => void }} options
 *   `detail`: what doing it means, under the question
 * @returns {HTMLElement}
 */
export function confirmation({ id, question, detail, confirm, danger = false, onConfirm }) {
  const box = h("div", { id, class: "confirm", role: "group", "aria-labelledby": `${id}-question`, hidden: true });
  const yes = h("button", { type: "button", class: `button button-small ${danger ? "button-danger" : "button-secondary"}`, id: `${id}-yes` }, confirm);
  yes.addEventListener("click", () => onConfirm(/** @type {HTMLButtonElement} */ (yes)));
  const no = h("button", { type: "button", class: "button button-link", onclick: () => closeConfirmation(box) }, t("cohorts.cancel"));
  if (detail) box.setAttribute("aria-describedby", `${id}-detail`);
  replaceChildren(box,
    h("p", { id: `${id}-question`, class: "confirm-question", text: question }),
    detail && h("p", { id: `${id}-detail`, class: "confirm-detail", text: detail }),
    h("p", { class: "button-row" }, yes, no));
  return box;
}

/**
 * Shows a {@link confirmation}, its question read first; remembers what to focus if it is cancelled.
 * @param {HTMLElement} box
 * @param {HTMLElement} opener the button that asked
 */
export function openConfirmation(box, opener) {
  box.hidden = false;
  box.dataset.opener = opener.id;
  box.querySelector(".button")?.focus();
}

/** @param {HTMLElement} box */
function closeConfirmation(box) {
  box.hidden = true;
  if (box.dataset.opener) document.getElementById(box.dataset.opener)?.focus();
}

/**
 * Redraws `root` with `draw()` keeping what was typed: the value of every field with an id,
 * which `<details>` were open, the refusals said (until that action is tried again), and the
 * focus (on the element with the same id). Fields listed in `reset` start empty (a form
 * whose content was just saved).
 *
 * @param {HTMLElement} root
 * @param {() => void} draw
 * @param {{ reset?: string[] }} [options]
 */
export function redrawKeeping(root, draw, { reset = [] } = {}) {
  const values = new Map();
  for (const control of root.querySelectorAll("input[id], select[id], textarea[id]")) {
    if (control.readOnly || reset.includes(control.id) || control.type === "hidden") continue;
    values.set(control.id, control.value);
  }
  const open = new Set([...root.querySelectorAll("details[id][open]")].map((details) => details.id));
  const refusals = new Map([...root.querySelectorAll(".form-status[id][data-tone=error]")].map((status) => [status.id, [...status.childNodes]]));
  const focused = root.contains(document.activeElement) ? document.activeElement?.id : "";
  draw();
  for (const [id, said] of refusals) {
    const status = /** @type {HTMLElement | null} */ (root.querySelector(`#${CSS.escape(id)}`));
    if (status && !status.textContent) {
      status.dataset.tone = "error";
      status.replaceChildren(...said);
    }
  }
  for (const [id, value] of values) {
    const control = /** @type {HTMLInputElement | null} */ (root.querySelector(`#${CSS.escape(id)}`));
    if (!control) continue;
    if (control.tagName === "SELECT" && ![...control.options].some((option) => option.value === value)) continue;
    control.value = value;
  }
  for (const id of open) root.querySelector(`#${CSS.escape(id)}`)?.setAttribute("open", "");
  if (focused) /** @type {HTMLElement | null} */ (root.querySelector(`#${CSS.escape(focused)}`))?.focus();
}

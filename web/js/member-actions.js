/**
 * « Mes actions » on the member's page: the action items decided in séances (owned with
 * their binôme when the territory brought the case), those still to carry first, the done
 * and dropped ones folded below. Each says what, by when, with what, from which séance and
 * with whom; its status is chosen among four (À faire, En cours, Fait, Abandonnée) with a
 * note, then saved. What was chosen or typed and not yet saved survives redraws and refusals.
 *
 * @module member-actions
 */

import { byId, h, replaceChildren, setText } from "./dom.js";
import { getLocale, t } from "./i18n.js";
import { call, refusal } from "./member-api.js";
import { STATUSES, isOngoing, keyId, statusKey } from "./actions-sheets.js";

/**
 * What this section needs from the page.
 * @typedef {object} ActionsPage
 * @property {any} me the page's data (`GET /api/me`)
 * @property {(me: any) => void} update takes the page's new data and redraws the page
 * @property {(text: string) => void} announce says a sentence to screen readers
 * @property {(day: string | undefined) => string} formatDate a day in the page's language
 */

/** @type {Map<string, { status: string, note: string }>} choices not yet saved, by item key */
const drafts = new Map();

/**
 * Draws the section from `page.me.actions`.
 * @param {ActionsPage} page
 */
export function drawActions(page) {
  const items = page.me.actions ?? [];
  const ongoing = items.filter(isOngoing);
  const closed = items.filter((item) => !isOngoing(item));
  const form = (/** @type {number} */ n) => (new Intl.PluralRules(getLocale()).select(n) === "one" ? "one" : "other");
  const counts = STATUSES.map((status) => [status, items.filter((item) => item.status === status).length])
    .filter(([, n]) => Number(n) > 0)
    .map(([status, n]) => t(`member.actions.count.${statusKey(String(status))}.${form(Number(n))}`, { n }));
  setText(byId("actions-counts"), items.length === 0 ? t("member.actions.empty") : counts.join(" · "));
  replaceChildren(byId("actions-open"), ongoing.map((item) => actionItem(page, item)),
    items.length > 0 && ongoing.length === 0 ? h("li", { class: "muted", text: t("member.actions.allClosed") }) : null);
  byId("actions-closed-details").hidden = closed.length === 0;
  setText(byId("actions-closed-summary"), t("member.actions.closed", { n: closed.length }));
  replaceChildren(byId("actions-closed"), closed.map((item) => actionItem(page, item)));
}

/**
 * One action item with its review form.
 * @param {ActionsPage} page
 * @param {any} item
 */
function actionItem(page, item) {
  const id = `action-${keyId(item.key)}`;
  const draft = drafts.get(item.key);
  const chosen = draft?.status ?? item.status;
  const with_ = (item.ownerNames ?? []).filter((_, index) => item.owners?.[index] !== page.me.me.id);
  const session = page.me.plan.find((planned) => planned.id === item.planned);
  const facts = [
    ["member.actions.due", item.due],
    ["member.actions.resources", item.resources],
    ["member.actions.session", [session?.title ?? "", item.date ? page.formatDate(item.date) : ""].filter(Boolean).join(" · ")],
    ["member.actions.with", with_.join(", ")],
  ].filter(([, value]) => value);
  const note = /** @type {HTMLTextAreaElement} */ (h("textarea", {
    id: `${id}-note`, class: "input", rows: "2", maxlength: "1000", "aria-describedby": `${id}-note-hint`,
  }));
  note.value = draft?.note ?? item.note ?? "";
  const unsaved = h("span", { id: `${id}-unsaved`, class: "unsaved", hidden: !draft, text: t("member.actions.unsaved") });
  const save = h("button", { type: "submit", id: `${id}-save`, class: "button button-secondary", "aria-describedby": `${id}-what` }, t("member.actions.save"));
  const status = h("p", { id: `${id}-status`, class: "form-status", role: "status" });
  const choice = h("fieldset", { class: "status-choice" },
    h("legend", { text: t("member.actions.where") }),
    h("div", { class: "status-options" }, STATUSES.map((value) => [
      h("input", { type: "radio", id: `${id}-${value}`, name: `${id}-choice`, value, checked: value === chosen }),
      h("label", { for: `${id}-${value}`, dataset: { status: value }, text: t(`member.status.${statusKey(value)}`) }),
    ])));
  const form = h("form", { class: "action-review", novalidate: true, "aria-labelledby": `${id}-what` },
    choice,
    h("div", { class: "field" },
      h("label", { for: note.id, text: t("member.actions.note") }),
      h("p", { id: `${id}-note-hint`, class: "hint", text: t("member.actions.noteHint") }),
      note),
    h("p", { class: "button-row" }, save, unsaved),
    status);
  const current = () => ({
    status: /** @type {HTMLInputElement | null} */ (form.querySelector("input[type=radio]:checked"))?.value ?? item.status,
    note: note.value,
  });
  form.addEventListener("input", () => {
    const now = current();
    const changed = now.status !== item.status || now.note.trim() !== (item.note ?? "");
    if (changed) drafts.set(item.key, now);
    else drafts.delete(item.key);
    unsaved.hidden = !changed;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    review(page, item, current(), /** @type {HTMLButtonElement} */ (save), status);
  });
  const reviewed = item.reviewedAt ? new Intl.DateTimeFormat(getLocale(), { day: "numeric", month: "short", year: "numeric" }).format(new Date(item.reviewedAt)) : "";
  return h("li", { id, class: "action", dataset: { status: item.status, key: item.key } },
    h("div", { class: "action-head" },
      h("h3", { id: `${id}-what`, class: "action-what", tabindex: "-1", text: item.what }),
      h("p", { class: "status-badge", dataset: { status: item.status, testid: "action-status" }, text: t(`member.status.${statusKey(item.status)}`) })),
    facts.length > 0 && h("dl", { class: "action-facts" }, facts.map(([key, value]) => [h("dt", { text: t(key) }), h("dd", { text: value })])),
    reviewed && h("p", { class: "hint", text: t("member.actions.reviewed", { date: reviewed }) }),
    form);
}

/**
 * Saves a review; the page is redrawn from the answer and says what was saved. A refusal
 * is said next to the form, whose choice and note stay as they were.
 * @param {ActionsPage} page
 * @param {any} item
 * @param {{ status: string, note: string }} chosen
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 */
async function review(page, item, chosen, button, status) {
  button.disabled = true;
  delete status.dataset.tone;
  setText(status, "");
  try {
    const me = await call("/api/me/actions", { method: "POST", body: { key: item.key, status: chosen.status, note: chosen.note.trim() } });
    drafts.delete(item.key);
    page.update(me);
    const saved = (me.actions ?? []).find((one) => one.key === item.key);
    const id = `action-${keyId(item.key)}`;
    const label = t(`member.status.${statusKey(saved?.status ?? chosen.status)}`);
    const moved = saved && isOngoing(saved) !== isOngoing(item);
    const text = t(moved ? (isOngoing(saved) ? "member.actions.savedBack" : "member.actions.savedClosed") : "member.actions.saved", { status: label, what: item.what });
    if (saved && !isOngoing(saved)) byId("actions-closed-details").open = true;
    const line = document.getElementById(`${id}-status`);
    if (line) {
      line.dataset.tone = "success";
      setText(line, text);
    }
    document.getElementById(`${id}-save`)?.focus();
    page.announce(text);
  } catch (error) {
    status.dataset.tone = "error";
    setText(status, refusal(error, "actions"));
  } finally {
    button.disabled = false;
  }
}

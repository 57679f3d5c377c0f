/**
 * « Plans d'action » on the cohorts page: every action item decided in the cohort's séances
 * (`GET /api/cohorts/:id/actions`), grouped by territory with how many are to do, in
 * progress, done or dropped; shown by status; the trainer changes an item's status and note
 * (the latest review wins, whoever made it). What the trainer chose or typed and has not
 * saved stays across redraws; a field nobody touched follows what the server says.
 *
 * @module cohort-follow-up
 */

import { byId, h, replaceChildren, setText } from "./dom.js";
import { getLocale, t } from "./i18n.js";
import { call } from "./cohort-api.js";
import { clearStatus, formatDay, plural, redrawKeeping, showDone, showRefusal, whileBusy } from "./cohort-ui.js";
import { STATUSES, keyId, statusKey } from "./actions-sheets.js";

/**
 * What this section needs from the page.
 * @typedef {object} FollowUpPage
 * @property {any} cohort the cohort view
 * @property {any[] | null} actions the cohort's action items, null until loaded
 * @property {string} filter `all` or a status
 * @property {(text: string) => void} announce
 * @property {() => void} actionsChanged the items changed (the retours au territoire say them)
 */

/** @param {FollowUpPage} page */
function base(page) {
  return `/api/cohorts/${encodeURIComponent(page.cohort.id)}`;
}

/**
 * Loads the cohort's action items; a refusal is said in the section's status line.
 * @param {FollowUpPage} page
 * @returns {Promise<boolean>} whether they were loaded
 */
export async function loadActions(page) {
  try {
    page.actions = await call(`${base(page)}/actions`);
    return true;
  } catch (error) {
    if (error.status === 401) return false;
    showRefusal(byId("follow-up-status"), error, "actions.load");
    return false;
  }
}

/**
 * « Actualiser »: the items again from the server (a séance may have added or reviewed some).
 * @param {FollowUpPage} page
 * @param {any} button
 */
export function refreshFollowUp(page, button) {
  const status = byId("follow-up-status");
  whileBusy(button, async () => {
    clearStatus(status);
    if (!(await loadActions(page))) return;
    drawFollowUp(page);
    page.actionsChanged();
    showDone(status, t("cohorts.followUp.refreshed"));
  });
}

/**
 * Whether a control still shows what the page drew (then a redraw may change it).
 * @param {any} control
 */
function untouched(control) {
  if (control.tagName === "SELECT") return [...control.options].every((option) => option.selected === option.defaultSelected);
  return control.value === control.defaultValue;
}

/**
 * Draws the section: the counts, the filter, the territories' items.
 * @param {FollowUpPage} page
 * @param {{ reset?: string[] }} [options] fields to draw afresh (an item just saved)
 */
export function drawFollowUp(page, { reset = [] } = {}) {
  const root = byId("follow-up-groups");
  const fresh = [...root.querySelectorAll("input[id], select[id]")].filter(untouched).map((control) => control.id);
  redrawKeeping(root, () => drawGroups(page), { reset: [...reset, ...fresh] });
  drawFilter(page);
}

/**
 * Counts of items by status as one phrase: « 1 à faire · 2 en cours ».
 * @param {any[]} items
 * @returns {string}
 */
function countsOf(items) {
  return STATUSES.map((status) => [status, items.filter((item) => item.status === status).length])
    .filter(([, n]) => Number(n) > 0)
    .map(([status, n]) => plural(`cohorts.followUp.count.${statusKey(String(status))}`, Number(n)))
    .join(" · ");
}

/** @param {FollowUpPage} page */
function drawFilter(page) {
  const items = page.actions ?? [];
  const territories = new Set(items.map((item) => item.territory ?? ""));
  setText(byId("follow-up-intro"), page.actions === null ? "" : items.length === 0 ? t("cohorts.followUp.empty")
    : [plural("cohorts.count.actions", items.length), plural("cohorts.count.territoriesConcerned", territories.size), countsOf(items)].join(" · "));
  const filter = byId("follow-up-filter");
  filter.hidden = items.length === 0;
  const choices = ["all", ...STATUSES].map((value) => {
    const n = value === "all" ? items.length : items.filter((item) => item.status === value).length;
    const label = value === "all" ? t("cohorts.followUp.filter.all") : t(`cohorts.followUp.status.${statusKey(value)}`);
    return [
      h("input", { type: "radio", id: `follow-up-filter-${value}`, name: "follow-up-filter", value, checked: page.filter === value,
        onchange: () => {
          page.filter = value;
          drawFollowUp(page);
        } }),
      h("label", { for: `follow-up-filter-${value}`, text: `${label} (${n})` }),
    ];
  });
  replaceChildren(byId("follow-up-filter-options"), choices);
}

/** @param {FollowUpPage} page */
function drawGroups(page) {
  const items = page.actions ?? [];
  const shown = items.filter((item) => page.filter === "all" || item.status === page.filter);
  const territories = page.cohort.territories;
  const groups = [...territories.map((territory) => ({ id: territory.id, name: territory.name })), { id: "", name: t("cohorts.followUp.noTerritory") }]
    .map((group) => ({ ...group, all: items.filter((item) => (item.territory ?? "") === group.id) }))
    .map((group) => ({ ...group, shown: group.all.filter((item) => shown.includes(item)) }));
  const without = groups.filter((group) => group.id && group.all.length === 0).map((group) => group.name);
  replaceChildren(byId("follow-up-groups"),
    items.length > 0 && shown.length === 0 ? h("p", { class: "muted", text: t("cohorts.followUp.noneShown") }) : null,
    groups.filter((group) => group.shown.length > 0).map((group) => groupCard(page, group)),
    page.filter === "all" && items.length > 0 && without.length > 0
      ? h("p", { class: "follow-up-without muted", text: t("cohorts.followUp.without", { names: without.join(", ") }) }) : null);
}

/**
 * A territory's items.
 * @param {FollowUpPage} page
 * @param {{ id: string, name: string, all: any[], shown: any[] }} group
 */
function groupCard(page, group) {
  const id = `follow-up-${group.id || "none"}`;
  return h("section", { id, class: "follow-up-group", "aria-labelledby": `${id}-name`, dataset: { territory: group.id } },
    h("div", { class: "follow-up-group-head" },
      h("h3", { id: `${id}-name`, tabindex: "-1", text: group.name }),
      h("p", { class: "follow-up-counts", dataset: { testid: "territory-counts" }, text: countsOf(group.all) })),
    h("ul", { class: "follow-up-items" }, group.shown.map((item) => actionRow(page, item))));
}

/**
 * One action item: what, due, resources, séance, owners, its note; its status and note to change.
 * @param {FollowUpPage} page
 * @param {any} item
 */
function actionRow(page, item) {
  const id = `action-${keyId(item.key)}`;
  const session = page.cohort.plan.find((planned) => planned.id === item.planned);
  const day = formatDay(item.date, { day: "numeric", month: "short", year: "numeric" });
  const facts = [
    item.due && t("cohorts.followUp.due", { due: item.due }),
    item.resources && t("cohorts.followUp.resources", { resources: item.resources }),
    session && (day ? `${session.title} (${day})` : session.title),
    (item.ownerNames ?? []).length > 0 && t("cohorts.followUp.owners", { names: item.ownerNames.join(t("cohorts.followUp.and")) }),
  ].filter(Boolean);
  const choice = h("select", { id: `${id}-choice`, class: "input input-small" },
    STATUSES.map((value) => h("option", { value, selected: value === item.status, text: t(`cohorts.followUp.status.${statusKey(value)}`) })));
  const note = h("input", { id: `${id}-note`, class: "input", type: "text", maxlength: "1000", autocomplete: "off", value: item.note ?? "" });
  const save = h("button", { type: "submit", id: `${id}-save`, class: "button button-secondary button-small" }, t("cohorts.followUp.save"));
  const status = h("p", { id: `${id}-status`, class: "form-status", role: "status" });
  const form = h("form", { class: "follow-up-review", novalidate: true, "aria-label": t("cohorts.followUp.reviewNamed", { what: item.what }) },
    h("div", { class: "field" }, h("label", { for: choice.id, text: t("cohorts.followUp.statusLabel") }), choice),
    h("div", { class: "field follow-up-note" }, h("label", { for: note.id, text: t("cohorts.followUp.note") }), note),
    save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    review(page, item, /** @type {HTMLSelectElement} */ (choice).value, /** @type {HTMLInputElement} */ (note).value.trim(), save, status);
  });
  const reviewed = item.reviewedAt
    ? new Intl.DateTimeFormat(getLocale(), { day: "numeric", month: "short", year: "numeric" }).format(new Date(item.reviewedAt)) : "";
  return h("li", { id, class: "follow-up-item", dataset: { status: item.status, key: item.key } },
    h("div", { class: "follow-up-item-head" },
      h("h4", { id: `${id}-what`, class: "follow-up-what", text: item.what }),
      h("p", { class: "status-badge", dataset: { status: item.status, testid: "action-status" }, text: t(`cohorts.followUp.status.${statusKey(item.status)}`) })),
    facts.length > 0 && h("p", { class: "follow-up-facts", text: facts.join(" · ") }),
    reviewed && h("p", { class: "hint", text: t("cohorts.followUp.reviewed", { date: reviewed }) }),
    form,
    status);
}

/**
 * Saves a status and note; the section is redrawn from the answer and says what was saved.
 * @param {FollowUpPage} page
 * @param {any} item
 * @param {string} chosen
 * @param {string} note
 * @param {HTMLElement} button
 * @param {HTMLElement} status
 */
function review(page, item, chosen, note, button, status) {
  const id = `action-${keyId(item.key)}`;
  whileBusy(/** @type {HTMLButtonElement} */ (button), async () => {
    clearStatus(status);
    try {
      page.actions = await call(`${base(page)}/actions`, { method: "POST", body: { key: item.key, status: chosen, note } });
      drawFollowUp(page, { reset: [`${id}-choice`, `${id}-note`] });
      page.actionsChanged();
      const text = t("cohorts.followUp.saved", { what: item.what, status: t(`cohorts.followUp.status.${statusKey(chosen)}`) });
      const line = document.getElementById(`${id}-status`);
      if (line) {
        showDone(line, text);
        document.getElementById(`${id}-save`)?.focus();
      } else {
        // The filter no longer shows it: said above the list.
        showDone(byId("follow-up-status"), `${text} ${t("cohorts.followUp.hiddenByFilter")}`);
        byId("follow-up-heading").focus();
      }
      page.announce(text);
    } catch (error) {
      showRefusal(status, error, "actions");
    }
  });
}

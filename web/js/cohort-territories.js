/**
 * « Territoires et binômes » on the cohorts page: a card per territory with its profile
 * (région, type de territoire, structure), whether its binôme is complete, and its
 * catalyseur·rice·s (their rows and forms are in cohort-members.js); adding a territory,
 * editing one.
 *
 * @module cohort-territories
 */

import { byId, h, replaceChildren, setText } from "./dom.js";
import { t } from "./i18n.js";
import { call } from "./cohort-api.js";
import { clearStatus, field, plural, showRefusal, statusLine, whileBusy } from "./cohort-ui.js";
import { linkPanel, memberForm, memberRow } from "./cohort-members.js";

/**
 * A personal link just made, shown until the trainer hides it or leaves the cohort.
 * @typedef {{ member: string, name: string, territory: string, url: string }} FreshLink
 */

/**
 * What this section needs from the page.
 * @typedef {object} TerritoriesPage
 * @property {any} cohort the cohort view
 * @property {FreshLink[]} freshLinks
 * @property {(view: any, after?: { reset?: string[], focus?: string, done?: { id: string, text: string } }) => void} update
 * @property {(text: string) => void} announce
 */

/** @param {TerritoriesPage} page */
function base(page) {
  return `/api/cohorts/${encodeURIComponent(page.cohort.id)}`;
}

/**
 * Draws the territory cards and the section's summary.
 * @param {TerritoriesPage} page
 */
export function drawTerritories(page) {
  const { territories } = page.cohort;
  const people = territories.flatMap((territory) => territory.members.filter((member) => !member.erased));
  const incomplete = territories.filter((territory) => territory.members.filter((member) => !member.erased).length < 2).length;
  setText(byId("territories-intro"), territories.length === 0 ? t("cohorts.territories.empty") : [
    plural("cohorts.count.territories", territories.length),
    plural("cohorts.count.members", people.length),
    incomplete > 0 ? plural("cohorts.count.incomplete", incomplete) : t("cohorts.territories.allPaired"),
  ].join(" · "));
  replaceChildren(byId("territories"), territories.map((territory) => territoryCard(page, territory)));
  replaceChildren(byId("territory-kinds"), t("cohorts.territory.kinds").split(",").map((kind) => h("option", { value: kind.trim() })));
}

/**
 * @param {TerritoriesPage} page
 * @param {any} territory
 */
function territoryCard(page, territory) {
  const id = `territory-${territory.id}`;
  const active = territory.members.filter((member) => !member.erased);
  const status = statusLine(`${id}-status`);
  const pairText = active.length === 2 ? t("cohorts.territory.pair.complete")
    : active.length < 2 ? plural("cohorts.territory.pair.missing", 2 - active.length)
      : plural("cohorts.count.members", active.length);
  const profile = [
    ["cohorts.territory.field.region", territory.region],
    ["cohorts.territory.field.kind", territory.kind],
    ["cohorts.territory.field.structure", territory.structure],
  ].filter(([, value]) => value);
  const links = page.freshLinks.filter((link) => link.territory === territory.id);
  return h("article", { id, class: "card territory", "aria-labelledby": `${id}-name`, dataset: { territory: territory.id } },
    h("div", { class: "territory-head" },
      h("h3", { id: `${id}-name`, tabindex: "-1", text: territory.name }),
      h("p", { class: "pair-badge", dataset: { complete: String(active.length >= 2) }, text: pairText })),
    profile.length > 0
      ? h("dl", { class: "profile" }, profile.map(([key, value]) => [h("dt", { text: t(key) }), h("dd", { text: value })]))
      : h("p", { class: "muted", text: t("cohorts.territory.noProfile") }),
    territoryEdit(page, territory),
    h("h4", { class: "members-heading", text: t("cohorts.territory.members") }),
    territory.members.length === 0
      ? h("p", { class: "muted", text: t("cohorts.territory.noMembers") })
      : h("ul", { class: "member-list" }, territory.members.map((member) => memberRow(page, territory, member, status))),
    links.map((link) => linkPanel(page, link)),
    memberForm(page, territory, status),
    status);
}

/**
 * « Modifier le territoire »: its name and profile.
 * @param {TerritoriesPage} page
 * @param {any} territory
 */
function territoryEdit(page, territory) {
  const id = `territory-${territory.id}-edit`;
  const inputs = ["name", "region", "kind", "structure"].map((key) => h("input", {
    id: `${id}-${key}`, class: "input", type: "text", maxlength: "120", autocomplete: "off", value: territory[key] ?? "",
    ...(key === "name" ? { required: true } : {}), ...(key === "kind" ? { list: "territory-kinds" } : {}),
  }));
  const status = statusLine(`${id}-status`);
  const save = h("button", { type: "submit", class: "button button-secondary button-small" }, t("cohorts.territory.edit.submit"));
  const form = h("form", { novalidate: true, "aria-label": t("cohorts.territory.edit.named", { name: territory.name }) },
    inputs.map((input, index) => field(t(["cohorts.territory.field.name", "cohorts.territory.field.region", "cohorts.territory.field.kind", "cohorts.territory.field.structure"][index]), input)),
    save, status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    whileBusy(save, async () => {
      clearStatus(status);
      const [name, region, kind, structure] = inputs.map((input) => input.value.trim());
      try {
        const view = await call(`${base(page)}/territories/${encodeURIComponent(territory.id)}`, { method: "PATCH", body: { name, region, kind, structure } });
        page.update(view, {
          reset: [id, ...inputs.map((input) => input.id)],
          focus: `territory-${territory.id}-name`,
          done: { id: `territory-${territory.id}-status`, text: t("cohorts.territory.edit.done") },
        });
      } catch (error) {
        showRefusal(status, error, "territory");
      }
    });
  });
  return h("details", { id, class: "territory-edit" },
    h("summary", { class: "button button-link button-small" }, t("cohorts.territory.edit.button")), form);
}

/**
 * « Ajouter un territoire » (the form in the page).
 * @param {TerritoriesPage} page
 * @param {SubmitEvent} event
 */
export function addTerritory(page, event) {
  event.preventDefault();
  const status = byId("territory-status");
  const name = byId("territory-name");
  whileBusy(byId("territory-submit"), async () => {
    clearStatus(status);
    name.removeAttribute("aria-invalid");
    const [region, kind, structure] = ["territory-region", "territory-kind", "territory-structure"].map((id) => byId(id).value.trim());
    try {
      const view = await call(`${base(page)}/territories`, { method: "POST", body: { name: name.value.trim(), region, kind, structure } });
      const added = view.territories.at(-1);
      page.update(view, {
        reset: ["territory-name", "territory-region", "territory-kind", "territory-structure"],
        focus: `territory-${added.id}-new-member`,
        done: { id: `territory-${added.id}-status`, text: t("cohorts.territory.add.done", { name: added.name }) },
      });
    } catch (error) {
      showRefusal(status, error, "territory");
      name.setAttribute("aria-invalid", "true");
      name.focus();
    }
  });
}

/**
 * The catalyseur·rice·s of a territory on the cohorts page: each one's row (rename, a new
 * personal link, erase, each asked first when it cannot be undone), the « Ajouter un·e
 * catalyseur·rice » form, and the one-time link panel: the server keeps only the link's
 * hash, so the panel says to send it now.
 *
 * @module cohort-members
 */

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { call } from "./cohort-api.js";
import { clearStatus, confirmation, copyField, field, openConfirmation, showRefusal, statusLine, whileBusy } from "./cohort-ui.js";

/** @typedef {import("./cohort-territories.js").TerritoriesPage} TerritoriesPage */
/** @typedef {import("./cohort-territories.js").FreshLink} FreshLink */

/** @param {TerritoriesPage} page */
function base(page) {
  return `/api/cohorts/${encodeURIComponent(page.cohort.id)}`;
}

/**
 * One catalyseur·rice: name, and unless erased, rename, new link, erase.
 * @param {TerritoriesPage} page
 * @param {any} territory
 * @param {any} member
 * @param {HTMLElement} status the territory's status line
 */
export function memberRow(page, territory, member, status) {
  const id = `member-${member.id}`;
  const name = h("span", { id: `${id}-name`, class: "member-name", tabindex: "-1", text: member.name });
  if (member.erased) {
    return h("li", { id, class: "member-row", dataset: { member: member.id, erased: "true" } },
      name, h("span", { class: "member-tag", text: t("cohorts.member.erased") }));
  }
  const described = { "aria-describedby": `${id}-name` };
  const linkConfirm = confirmation({
    id: `${id}-link-confirm`,
    question: t("cohorts.member.link.confirm", { name: member.name }),
    detail: t("cohorts.member.link.confirmDetail"),
    confirm: t("cohorts.member.link.confirmButton"),
    onConfirm: (button) => renewLink(page, territory, member, button, status),
  });
  const eraseConfirm = confirmation({
    id: `${id}-erase-confirm`,
    question: t("cohorts.member.erase.confirm", { name: member.name }),
    detail: t("cohorts.member.erase.confirmDetail"),
    confirm: t("cohorts.member.erase.confirmButton"),
    danger: true,
    onConfirm: (button) => erase(page, member, button, status),
  });
  const linkButton = h("button", { type: "button", id: `${id}-link`, class: "button button-secondary button-small", ...described }, t("cohorts.member.link.button"));
  linkButton.addEventListener("click", () => openConfirmation(linkConfirm, linkButton));
  const eraseButton = h("button", { type: "button", id: `${id}-erase`, class: "button button-link button-small", ...described }, t("cohorts.member.erase.button"));
  eraseButton.addEventListener("click", () => openConfirmation(eraseConfirm, eraseButton));
  return h("li", { id, class: "member-row", dataset: { member: member.id } },
    h("div", { class: "member-line" }, name,
      h("div", { class: "member-actions" }, renameForm(page, territory, member, status), linkButton, eraseButton)),
    linkConfirm, eraseConfirm);
}

/**
 * « Renommer »: the person's name, and their territory.
 * @param {TerritoriesPage} page
 * @param {any} territory
 * @param {any} member
 * @param {HTMLElement} status
 */
function renameForm(page, territory, member, status) {
  const id = `member-${member.id}-rename`;
  const name = h("input", { id: `${id}-name`, class: "input", type: "text", maxlength: "120", required: true, autocomplete: "off", value: member.name });
  const where = h("select", { id: `${id}-territory`, class: "input" }, page.cohort.territories.map((candidate) =>
    h("option", { value: candidate.id, text: candidate.name, selected: candidate.id === territory.id })));
  const save = h("button", { type: "submit", class: "button button-secondary button-small" }, t("cohorts.member.rename.submit"));
  const form = h("form", { class: "rename-form", novalidate: true, "aria-label": t("cohorts.member.rename.named", { name: member.name }) },
    field(t("cohorts.member.field.name"), name), field(t("cohorts.member.field.territory"), where), save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    whileBusy(save, async () => {
      clearStatus(status);
      try {
        const view = await call(`${base(page)}/members/${encodeURIComponent(member.id)}`, {
          method: "PATCH", body: { territory: where.value, name: name.value.trim() },
        });
        const moved = view.territories.find((candidate) => candidate.members.some((one) => one.id === member.id));
        page.update(view, {
          reset: [id, name.id, where.id],
          focus: `member-${member.id}-name`,
          done: { id: `territory-${moved?.id ?? territory.id}-status`, text: t("cohorts.member.rename.done") },
        });
      } catch (error) {
        showRefusal(status, error, "member");
      }
    });
  });
  return h("details", { id, class: "rename" },
    h("summary", { class: "button button-secondary button-small", "aria-describedby": `member-${member.id}-name` }, t("cohorts.member.rename.button")),
    form);
}

/**
 * The one-time personal link of a person, to send now.
 * @param {TerritoriesPage} page
 * @param {FreshLink} link
 */
export function linkPanel(page, link) {
  const id = `link-${link.member}`;
  const status = statusLine(`${id}-status`);
  const hide = h("button", { type: "button", class: "button button-secondary button-small" }, t("cohorts.link.hide"));
  hide.addEventListener("click", () => {
    page.freshLinks.splice(page.freshLinks.indexOf(link), 1);
    page.update(page.cohort, { focus: `member-${link.member}-name` });
  });
  const panel = h("section", { id, class: "link-panel", "aria-labelledby": `${id}-heading`, dataset: { testid: "member-link-panel", member: link.member } },
    h("h4", { id: `${id}-heading`, text: t("cohorts.link.heading", { name: link.name }) }),
    h("p", { class: "link-warning", text: t("cohorts.link.once", { name: link.name }) }),
    copyField(`${id}-url`, t("cohorts.link.label", { name: link.name }), link.url, status),
    h("p", { class: "hint", text: t("cohorts.link.how") }),
    h("p", { class: "button-row" }, hide),
    status);
  panel.querySelector(".input-link")?.setAttribute("data-testid", "member-link");
  return panel;
}

/**
 * « Ajouter un·e catalyseur·rice » in one territory.
 * @param {TerritoriesPage} page
 * @param {any} territory
 * @param {HTMLElement} status
 */
export function memberForm(page, territory, status) {
  const id = `territory-${territory.id}-new-member`;
  const name = h("input", { id, class: "input", type: "text", maxlength: "120", required: true, autocomplete: "off", "aria-describedby": `territory-${territory.id}-status` });
  const submit = h("button", { type: "submit", id: `${id}-submit`, class: "button button-secondary" }, t("cohorts.member.add.submit"));
  const form = h("form", { class: "member-add", novalidate: true, "aria-label": t("cohorts.member.add.named", { territory: territory.name }) },
    h("div", { class: "field" }, h("label", { for: id, text: t("cohorts.member.add.label") }), h("div", { class: "input-row" }, name, submit)));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    whileBusy(submit, async () => {
      clearStatus(status);
      try {
        const added = await call(`${base(page)}/members`, { method: "POST", body: { territory: territory.id, name: name.value.trim() } });
        remember(page, added, territory.id);
        const view = await call(base(page));
        page.update(view, {
          reset: [id],
          focus: `link-${added.member.id}-url`,
          done: { id: `territory-${territory.id}-status`, text: t("cohorts.member.add.done", { name: added.member.name }) },
        });
      } catch (error) {
        showRefusal(status, error, "member");
        name.focus();
      }
    });
  });
  return form;
}

/**
 * Keeps a just-made link for its panel (one per person: a new one replaces the old).
 * @param {TerritoriesPage} page
 * @param {{ member: any, link: string }} answer
 * @param {string} territory
 */
function remember(page, answer, territory) {
  const fresh = page.freshLinks.filter((link) => link.member !== answer.member.id);
  fresh.push({ member: answer.member.id, name: answer.member.name, territory, url: new URL(answer.link, location.origin).href });
  page.freshLinks.splice(0, page.freshLinks.length, ...fresh);
}

/**
 * @param {TerritoriesPage} page
 * @param {any} territory
 * @param {any} member
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 */
function renewLink(page, territory, member, button, status) {
  whileBusy(button, async () => {
    clearStatus(status);
    try {
      const renewed = await call(`${base(page)}/members/${encodeURIComponent(member.id)}/link`, { method: "POST" });
      remember(page, renewed, territory.id);
      page.update(page.cohort, {
        focus: `link-${member.id}-url`,
        done: { id: `territory-${territory.id}-status`, text: t("cohorts.member.link.done", { name: member.name }) },
      });
    } catch (error) {
      showRefusal(status, error, "member");
    }
  });
}

/**
 * @param {TerritoriesPage} page
 * @param {any} member
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 */
function erase(page, member, button, status) {
  whileBusy(button, async () => {
    clearStatus(status);
    try {
      const view = await call(`${base(page)}/members/${encodeURIComponent(member.id)}`, { method: "DELETE" });
      page.freshLinks.splice(0, page.freshLinks.length, ...page.freshLinks.filter((link) => link.member !== member.id));
      page.update(view, {
        focus: `member-${member.id}-name`,
        done: { id: `territory-${member.territory}-status`, text: t("cohorts.member.erase.done", { name: member.name }) },
      });
    } catch (error) {
      showRefusal(status, error, "member");
    }
  });
}

/**
 * « Le plan » on the cohorts page: the cohort's séances in order, each with its date,
 * thématique, co-development cases and status; the next one highlighted. The trainer opens
 * a séance (then animates it in the console), moves, edits or removes one, adds one, or
 * draws the plan from a pathway when it is empty.
 *
 * @module cohort-plan
 */

import { byId, h, replaceChildren, setText } from "./dom.js";
import { t } from "./i18n.js";
import { call } from "./cohort-api.js";
import {
  clearStatus, confirmation, copyField, formatDay, openConfirmation, openedCount, plural, showRefusal, statusLine, whileBusy,
} from "./cohort-ui.js";
import { editForm, pathwayForm, sessionBody, themeOptions } from "./cohort-plan-forms.js";

/**
 * What the plan needs from the page.
 * @typedef {object} PlanPage
 * @property {any} cohort the cohort view (`GET /api/cohorts/:id`)
 * @property {any[]} pathways
 * @property {any[]} templates
 * @property {Map<string, string>} invites co-animation links of séances opened from this page, by planned id
 * @property {(view: any, after?: { reset?: string[], focus?: string, done?: { id: string, text: string } }) => void} update
 * @property {(text: string) => void} announce
 * @property {(planned: string) => void} showSheets brings a held séance's retours au territoire into view
 */

/** @param {PlanPage} page */
function base(page) {
  return `/api/cohorts/${encodeURIComponent(page.cohort.id)}`;
}

/**
 * Draws the plan and fills the « Ajouter une séance » form's choices.
 * @param {PlanPage} page
 */
export function drawPlan(page) {
  const { plan, next } = page.cohort;
  const opened = plan.filter((session) => session.status === "open").length;
  const upcoming = plan.find((session) => session.id === next);
  setText(byId("plan-intro"), plan.length === 0 ? t("cohorts.plan.empty") : [
    plural("cohorts.count.sessions", plan.length),
    openedCount(opened),
    upcoming ? t("cohorts.plan.nextIs", { title: upcoming.title }) : t("cohorts.plan.allOpened"),
  ].join(" · "));
  replaceChildren(byId("plan"), plan.map((session, index) => planItem(page, session, index)));
  replaceChildren(byId("plan-pathway"), plan.length === 0 && page.pathways.length > 0 ? pathwayForm(page) : null);
  replaceChildren(byId("plan-add-theme"), themeOptions(page, ""));
  const pathway = page.pathways.find((candidate) => candidate.id === page.cohort.pathway);
  const defaultTemplate = pathway?.template ?? "seance-parcours";
  replaceChildren(byId("plan-add-template"), page.templates.map((template) =>
    h("option", { value: template.id, text: template.title, selected: template.id === defaultTemplate })));
}

/**
 * One séance of the plan.
 * @param {PlanPage} page
 * @param {any} session
 * @param {number} index
 */
function planItem(page, session, index) {
  const id = `plan-${session.id}`;
  const titleId = `${id}-title`;
  const isNext = page.cohort.next === session.id;
  const isOpen = session.status === "open";
  const status = statusLine(`${id}-status`);
  const described = { "aria-describedby": titleId };
  const day = formatDay(session.date);
  const meta = [
    session.theme ? t("cohorts.plan.theme", { theme: session.theme }) : t("cohorts.plan.noTheme"),
    session.cases > 0 ? plural("cohorts.count.cases", session.cases) : t("cohorts.plan.noCases"),
  ];
  const template = page.templates.find((candidate) => candidate.id === session.template);
  const pathway = page.pathways.find((candidate) => candidate.id === page.cohort.pathway);
  if (template && session.template !== (pathway?.template ?? "seance-parcours")) meta.push(t("cohorts.plan.template", { template: template.title }));
  const stateText = isOpen
    ? (session.joinCode ? t("cohorts.plan.status.openCode", { code: session.joinCode }) : t("cohorts.plan.status.open"))
    : t("cohorts.plan.status.planned");

  const openConfirm = confirmation({
    id: `${id}-open-confirm`,
    question: t("cohorts.plan.open.confirm", { title: session.title }),
    detail: [t("cohorts.plan.open.confirmDetail"), notNext(page, session)].filter(Boolean).join(" "),
    confirm: t("cohorts.plan.open.confirmButton"),
    onConfirm: (button) => openSession(page, session, button, status),
  });
  const removeConfirm = confirmation({
    id: `${id}-remove-confirm`,
    question: t("cohorts.plan.remove.confirm", { title: session.title }),
    detail: t("cohorts.plan.remove.confirmDetail"),
    confirm: t("cohorts.plan.remove.confirmButton"),
    danger: true,
    onConfirm: (button) => remove(page, session, button, status),
  });
  const openButton = h("button", { type: "button", id: `${id}-open`, class: `button button-small ${isNext ? "button-accent" : "button-secondary"}`, ...described },
    t("cohorts.plan.open.button"));
  openButton.addEventListener("click", () => openConfirmation(openConfirm, openButton));
  const removeButton = h("button", { type: "button", id: `${id}-remove`, class: "button button-link button-small", ...described }, t("cohorts.plan.remove.button"));
  removeButton.addEventListener("click", () => openConfirmation(removeConfirm, removeButton));
  const last = page.cohort.plan.length - 1;
  const invite = page.invites.get(session.id);

  return h("li", { id, class: "plan-item", dataset: { planned: session.id, status: session.status, ...(isNext ? { next: "true" } : {}) } },
    h("div", { class: "plan-when" }, day
      ? h("time", { datetime: session.date, text: day })
      : h("span", { class: "muted", text: t("cohorts.plan.noDate") })),
    h("div", { class: "plan-body" },
      isNext && h("p", { class: "plan-next-badge", text: t("cohorts.plan.next") }),
      h("h3", { id: titleId, class: "plan-title", tabindex: "-1", text: session.title }),
      h("p", { class: "plan-meta", text: meta.join(" · ") }),
      h("p", { class: "plan-state", dataset: { testid: "plan-status", state: session.status }, text: stateText })),
    h("div", { class: "plan-actions" },
      isOpen
        ? h("a", { id: `${id}-animate`, class: "button button-small button-accent", href: `/console#open=${encodeURIComponent(session.sessionID)}`, ...described },
          t("cohorts.plan.animate"))
        : openButton,
      isOpen && h("a", { id: `${id}-sheets`, class: "button button-link button-small", href: `#sheets-${session.id}`, ...described,
        onclick: (/** @type {Event} */ event) => {
          event.preventDefault(); // the address keeps #cohort=
          page.showSheets(session.id);
        } }, t("cohorts.plan.sheets")),
      h("button", { type: "button", id: `${id}-up`, class: "button button-secondary button-small", disabled: index === 0, ...described,
        onclick: (event) => move(page, session, index - 1, event.currentTarget, status) }, t("cohorts.plan.up")),
      h("button", { type: "button", id: `${id}-down`, class: "button button-secondary button-small", disabled: index === last, ...described,
        onclick: (event) => move(page, session, index + 1, event.currentTarget, status) }, t("cohorts.plan.down")),
      editForm(page, session, status),
      !isOpen && removeButton),
    h("div", { class: "plan-extra" },
      openConfirm,
      removeConfirm,
      status,
      invite && h("details", { id: `${id}-invite-details`, class: "plan-invite" },
        h("summary", { class: "button button-link button-small" }, t("cohorts.plan.invite.summary")),
        copyField(`${id}-invite`, t("cohorts.plan.invite.label"), invite, status),
        h("p", { class: "hint", text: t("cohorts.plan.invite.hint") }))));
}

/**
 * A warning when a séance other than the next one is about to be opened.
 * @param {PlanPage} page
 * @param {any} session
 * @returns {string} empty for the next séance
 */
function notNext(page, session) {
  const next = page.cohort.plan.find((candidate) => candidate.id === page.cohort.next);
  return next && next.id !== session.id ? t("cohorts.plan.open.notNext", { title: next.title }) : "";
}

/**
 * @param {PlanPage} page
 * @param {any} session
 * @param {number} index where it goes
 * @param {any} button
 * @param {HTMLElement} status
 */
function move(page, session, index, button, status) {
  const direction = button.id.endsWith("-up") ? "up" : "down";
  whileBusy(button, async () => {
    clearStatus(status);
    try {
      const view = await call(`${base(page)}/plan/${encodeURIComponent(session.id)}`, {
        method: "PATCH", body: { ...sessionBody(session), index },
      });
      const atEdge = direction === "up" ? index === 0 : index === view.plan.length - 1;
      page.update(view, { focus: `plan-${session.id}-${atEdge ? (direction === "up" ? "down" : "up") : direction}` });
      page.announce(t("cohorts.plan.moved", { title: session.title, position: index + 1, count: view.plan.length }));
    } catch (error) {
      showRefusal(status, error, "plan");
    }
  });
}

/**
 * Opens the live session of a planned séance; the trainer then animates it in the console.
 * @param {PlanPage} page
 * @param {any} session
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 */
function openSession(page, session, button, status) {
  whileBusy(button, async () => {
    clearStatus(status);
    try {
      const opened = await call(`${base(page)}/plan/${encodeURIComponent(session.id)}/open`, { method: "POST" });
      if (opened.facilitatorPath) page.invites.set(session.id, new URL(opened.facilitatorPath, location.origin).href);
      const view = await call(base(page));
      page.update(view, {
        focus: `plan-${session.id}-animate`,
        done: { id: `plan-${session.id}-status`, text: t("cohorts.plan.open.done", { code: opened.joinCode }) },
      });
    } catch (error) {
      showRefusal(status, error, "plan.open");
      button.closest(".confirm")?.setAttribute("hidden", "");
      byId(`plan-${session.id}-title`).focus();
    }
  });
}

/**
 * @param {PlanPage} page
 * @param {any} session
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 */
function remove(page, session, button, status) {
  whileBusy(button, async () => {
    clearStatus(status);
    try {
      const view = await call(`${base(page)}/plan/${encodeURIComponent(session.id)}`, { method: "DELETE" });
      page.update(view, { focus: "plan-heading", done: { id: "plan-status", text: t("cohorts.plan.remove.done", { title: session.title }) } });
    } catch (error) {
      showRefusal(status, error, "plan.remove");
    }
  });
}

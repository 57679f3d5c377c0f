/**
 * The plan's forms on the cohorts page: « Modifier » a séance (title, date, thématique,
 * cases), « Ajouter une séance », and drawing an empty plan from a pathway; the thématiques
 * to choose from and a séance's body for the API.
 *
 * @module cohort-plan-forms
 */

import { byId, h } from "./dom.js";
import { t } from "./i18n.js";
import { call } from "./cohort-api.js";
import { clearStatus, field, showRefusal, statusLine, whileBusy } from "./cohort-ui.js";

/** @typedef {import("./cohort-plan.js").PlanPage} PlanPage */

/** @param {PlanPage} page */
function base(page) {
  return `/api/cohorts/${encodeURIComponent(page.cohort.id)}`;
}

/**
 * The thématiques to choose from: the pathway's, then any other the plan uses.
 * @param {PlanPage} page
 * @returns {string[]}
 */
function themes(page) {
  const pathway = page.pathways.find((candidate) => candidate.id === page.cohort.pathway) ?? page.pathways[0];
  return [...new Set([...(pathway?.themes ?? []), ...page.cohort.plan.map((session) => session.theme).filter(Boolean)])];
}

/**
 * The options of a thématique select, « Sans thématique » first.
 * @param {PlanPage} page
 * @param {string | undefined} selected
 */
export function themeOptions(page, selected) {
  return [
    h("option", { value: "", text: t("cohorts.plan.noTheme"), selected: !selected }),
    ...themes(page).map((theme) => h("option", { value: theme, text: theme, selected: theme === selected })),
  ];
}


/**
 * « Modifier »: title, date, thématique and cases of one séance.
 * @param {PlanPage} page
 * @param {any} session
 * @param {HTMLElement} status
 */
export function editForm(page, session, status) {
  const id = `plan-${session.id}-edit`;
  const title = h("input", { id: `${id}-title`, class: "input", type: "text", maxlength: "200", required: true, autocomplete: "off", value: session.title });
  const date = h("input", { id: `${id}-date`, class: "input", type: "date", value: session.date ?? "" });
  const cases = h("input", { id: `${id}-cases`, class: "input input-narrow", type: "number", min: "0", max: "4", step: "1", inputmode: "numeric", value: String(session.cases) });
  const theme = h("select", { id: `${id}-theme`, class: "input" }, themeOptions(page, session.theme));
  const save = h("button", { type: "submit", class: "button button-secondary button-small" }, t("cohorts.plan.edit.submit"));
  const form = h("form", { class: "plan-edit-form", novalidate: true, "aria-label": t("cohorts.plan.edit.named", { title: session.title }) },
    field(t("cohorts.plan.field.title"), title),
    h("div", { class: "field-pair" }, field(t("cohorts.plan.field.date"), date), field(t("cohorts.plan.field.cases"), cases)),
    field(t("cohorts.plan.field.theme"), theme),
    save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    whileBusy(save, async () => {
      clearStatus(status);
      try {
        const view = await call(`${base(page)}/plan/${encodeURIComponent(session.id)}`, {
          method: "PATCH", body: sessionBody({ title: title.value, date: date.value, theme: theme.value, cases: cases.value }),
        });
        page.update(view, {
          reset: [id, title.id, date.id, cases.id, theme.id],
          focus: `plan-${session.id}-title`,
          done: { id: `plan-${session.id}-status`, text: t("cohorts.plan.edit.done") },
        });
      } catch (error) {
        showRefusal(status, error, "plan");
      }
    });
  });
  return h("details", { id, class: "plan-edit" },
    h("summary", { class: "button button-secondary button-small", "aria-describedby": `plan-${session.id}-title` }, t("cohorts.plan.edit.button")),
    form);
}

/**
 * The body of a séance for POST/PATCH: empty date and thématique left out, cases a number.
 * @param {{ title: string, date?: string, theme?: string, cases: string | number }} values
 */
export function sessionBody({ title, date, theme, cases }) {
  const number = Number(cases);
  return {
    title: title.trim(),
    ...(date ? { date } : {}),
    ...(theme ? { theme } : {}),
    cases: String(cases).trim() === "" || !Number.isFinite(number) ? 0 : number,
  };
}


/**
 * « Ajouter une séance »: appended at the end of the plan.
 * @param {PlanPage} page
 * @param {SubmitEvent} event
 */
export function addSession(page, event) {
  event.preventDefault();
  const status = byId("plan-add-status");
  const title = byId("plan-add-title");
  whileBusy(byId("plan-add-submit"), async () => {
    clearStatus(status);
    if (!title.value.trim()) {
      showRefusal(status, { code: "bad_request", detail: "title: empty" }, "plan");
      title.focus();
      return;
    }
    try {
      const view = await call(`${base(page)}/plan`, {
        method: "POST",
        body: {
          ...sessionBody({ title: title.value, date: byId("plan-add-date").value, theme: byId("plan-add-theme").value, cases: byId("plan-add-cases").value }),
          template: byId("plan-add-template").value,
        },
      });
      const added = view.plan.at(-1);
      page.update(view, {
        reset: ["plan-add", "plan-add-title", "plan-add-date", "plan-add-theme", "plan-add-cases", "plan-add-template"],
        focus: `plan-${added.id}-title`,
        done: { id: `plan-${added.id}-status`, text: t("cohorts.plan.add.done") },
      });
    } catch (error) {
      showRefusal(status, error, "plan");
    }
  });
}

/**
 * When the plan is empty: draw it from a pathway.
 * @param {PlanPage} page
 */
export function pathwayForm(page) {
  const select = h("select", { id: "plan-pathway-select", class: "input" },
    page.pathways.map((pathway) => h("option", { value: pathway.id, text: pathway.title })));
  const submit = h("button", { type: "submit", class: "button button-secondary" }, t("cohorts.plan.pathway.submit"));
  const status = statusLine("plan-pathway-status");
  const form = h("form", { class: "plan-pathway", novalidate: true }, field(t("cohorts.create.pathway"), select), submit, status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    whileBusy(submit, async () => {
      clearStatus(status);
      try {
        const view = await call(`${base(page)}/pathway`, { method: "POST", body: { pathway: select.value } });
        page.update(view, { focus: "plan-heading" });
      } catch (error) {
        showRefusal(status, error, "plan");
      }
    });
  });
  return form;
}

/**
 * « Modifier la cohorte » on the cohorts page: its name, dates and language.
 *
 * @module cohort-edit
 */

import { byId } from "./dom.js";
import { t } from "./i18n.js";
import { call } from "./cohort-api.js";
import { clearStatus, showRefusal, whileBusy } from "./cohort-ui.js";

/**
 * What the form needs from the page.
 * @typedef {{ cohort: any, update: (view: any, after?: { focus?: string, done?: { id: string, text: string } }) => void }} EditPage
 */

/**
 * Fills the form with the cohort as it is.
 * @param {EditPage} page
 */
export function fillEditForm(page) {
  const cohort = page.cohort;
  byId("edit-name").value = cohort.name;
  byId("edit-starts").value = cohort.starts ?? "";
  byId("edit-ends").value = cohort.ends ?? "";
  byId("edit-locale").value = cohort.locale;
}

/**
 * Saves the form; a refusal is said next to it, what was typed kept.
 * @param {EditPage} page
 * @param {SubmitEvent} event
 */
export function submitEdit(page, event) {
  event.preventDefault();
  const status = byId("edit-status");
  whileBusy(byId("edit-submit"), async () => {
    clearStatus(status);
    const starts = byId("edit-starts").value;
    const ends = byId("edit-ends").value;
    try {
      const view = await call(`/api/cohorts/${encodeURIComponent(page.cohort.id)}`, {
        method: "PATCH",
        body: { name: byId("edit-name").value.trim(), locale: byId("edit-locale").value, ...(starts ? { starts } : {}), ...(ends ? { ends } : {}) },
      });
      page.update(view, { focus: "cohort-name", done: { id: "edit-status", text: t("cohorts.edit.done") } });
      fillEditForm(page);
    } catch (error) {
      showRefusal(status, error, "cohort");
    }
  });
}

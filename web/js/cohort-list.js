/**
 * The cohorts page's first view: the cohorts on this server (name, dates, counts) and the
 * « Nouvelle cohorte » form (name, dates, pathway, language).
 *
 * @module cohort-list
 */

import { byId, h, replaceChildren, setText } from "./dom.js";
import { getLocale, t } from "./i18n.js";
import { call } from "./cohort-api.js";
import { clearStatus, formatPeriod, openedCount, plural, showRefusal, whileBusy } from "./cohort-ui.js";

/**
 * What the list needs from the page.
 * @typedef {{ cohorts: any[], pathways: any[], announce: (text: string) => void }} ListPage
 */

/**
 * Draws the list of cohorts, newest first.
 * @param {ListPage} page
 */
export function drawList(page) {
  const cohorts = [...page.cohorts].sort((a, b) => b.createdAt - a.createdAt);
  byId("cohorts-empty").hidden = cohorts.length > 0;
  replaceChildren(byId("cohort-list"), cohorts.map((cohort) => {
    const sessions = cohort.planned > 0
      ? t("cohorts.list.sessions", { planned: plural("cohorts.count.sessions", cohort.planned), opened: openedCount(cohort.opened) })
      : t("cohorts.list.noPlan");
    return h("li", { class: "cohort-item", dataset: { cohort: cohort.id } },
      h("a", { class: "cohort-link", href: `#cohort=${encodeURIComponent(cohort.id)}`, text: cohort.name }),
      h("p", { class: "muted", text: formatPeriod(cohort) }),
      h("p", { class: "muted", text: [
        plural("cohorts.count.territories", cohort.territories),
        plural("cohorts.count.members", cohort.members),
        sessions,
      ].join(" · ") }));
  }));
}

/**
 * Fills the form's pathway choices (the first pathway chosen unless the trainer chose) and
 * the cohort's language (the page's, the first time).
 * @param {ListPage} page
 */
export function fillCreateForm(page) {
  const select = byId("create-pathway");
  const chosen = select.dataset.filled ? select.value : page.pathways[0]?.id ?? "";
  replaceChildren(select,
    page.pathways.map((pathway) => h("option", { value: pathway.id, text: pathway.title })),
    h("option", { value: "", text: t("cohorts.create.noPathway") }));
  select.value = chosen;
  select.dataset.filled = "true";
  const locale = byId("create-locale");
  if (!locale.dataset.filled) {
    locale.value = getLocale();
    locale.dataset.filled = "true";
  }
  describePathway(page);
  select.onchange = () => describePathway(page);
}

/** @param {ListPage} page */
function describePathway(page) {
  const pathway = page.pathways.find((candidate) => candidate.id === byId("create-pathway").value);
  setText(byId("create-pathway-hint"), pathway
    ? t("cohorts.create.pathwayHint", {
      description: pathway.description,
      sessions: plural("cohorts.count.sessions", pathway.sessions.length),
      themes: plural("cohorts.count.themes", pathway.themes.length),
    })
    : t("cohorts.create.noPathwayHint"));
}

/**
 * « Créer la cohorte »: then the new cohort is shown.
 * @param {ListPage} page
 * @param {SubmitEvent} event
 */
export function submitCreate(page, event) {
  event.preventDefault();
  const status = byId("create-status");
  const name = byId("create-name");
  whileBusy(byId("create-submit"), async () => {
    clearStatus(status);
    name.removeAttribute("aria-invalid");
    const starts = byId("create-starts").value;
    const ends = byId("create-ends").value;
    const pathway = byId("create-pathway").value;
    try {
      const view = await call("/api/cohorts", {
        method: "POST",
        body: { name: name.value.trim(), locale: byId("create-locale").value, ...(starts ? { starts } : {}), ...(ends ? { ends } : {}), ...(pathway ? { pathway } : {}) },
      });
      for (const id of ["create-name", "create-starts", "create-ends"]) byId(id).value = "";
      page.announce(t("cohorts.create.done", { name: view.name }));
      location.hash = `cohort=${encodeURIComponent(view.id)}`;
    } catch (error) {
      showRefusal(status, error, "cohort");
      if (error.code === "bad_request" && /^name:/.test(error.detail ?? "")) {
        name.setAttribute("aria-invalid", "true");
        name.focus();
      }
    }
  });
}

/**
 * The trainer's cohorts page (`/cohortes`): sign in with the trainer token, list and create
 * cohorts, then one cohort (`#cohort=<id>`, kept across a reload): its plan of séances, its
 * territories and binômes, the subjects its members propose, the action plans its séances
 * left (cohort-follow-up.js) and each territory's retour au territoire (cohort-sheets.js);
 * above them its dashboard, and below its fiches d'expérience and its constats et
 * enseignements (cohort-insights.js).
 *
 * The token stays in sessionStorage (this tab only); `/cohortes#token=…` signs in and the
 * token is then taken out of the address. Every section is redrawn from the cohort view the
 * API answers with, keeping what was typed elsewhere on the page.
 *
 * @module cohorts
 */

import { Announcer } from "./announcer.js";
import { byId, h, replaceChildren, setText } from "./dom.js";
import { getLocale, initI18n, loadStrings, onLocaleChange, setLocale, t } from "./i18n.js";
import { setToken, token } from "./trainer-api.js";
import { call, onTokenRejected } from "./cohort-api.js";
import { clearStatus, formatPeriod, plural, redrawKeeping, showDone, showRefusal, whileBusy } from "./cohort-ui.js";
import { drawPlan } from "./cohort-plan.js";
import { addSession } from "./cohort-plan-forms.js";
import { addTerritory, drawTerritories } from "./cohort-territories.js";
import { drawList, fillCreateForm, submitCreate } from "./cohort-list.js";
import { fillEditForm, submitEdit } from "./cohort-edit.js";
import { drawFollowUp, loadActions, refreshFollowUp } from "./cohort-follow-up.js";
import { drawSheets, forgetSheets, showSheetsOf } from "./cohort-sheets.js";
import { drawInsights, forgetCapitalisation, forgetInsights, insightsChanged, loadInsightStrings, loadInsights, wireInsights } from "./cohort-insights.js";

const announcer = new Announcer(byId("announcer"));

/** The page's state, handed to the sections (see cohort-plan.js, cohort-territories.js). */
const page = {
  /** @type {"loading" | "signin" | "list" | "cohort"} */
  mode: "loading",
  /** @type {any[]} */ cohorts: [],
  /** @type {any[]} */ pathways: [],
  /** @type {any[]} */ templates: [],
  /** @type {any} */ cohort: null,
  /** @type {import("./cohort-territories.js").FreshLink[]} */ freshLinks: [],
  /** @type {Map<string, string>} */ invites: new Map(),
  /** @type {any[] | null} */ actions: null,
  /** @type {any} */ dashboard: null,
  /** @type {any[] | null} */ records: null,
  filter: "all",
  update,
  showSheets: (/** @type {string} */ planned) => showSheetsOf(page, planned),
  actionsChanged: () => {
    forgetSheets();
    drawSheets(page);
    insightsChanged(page);
  },
  recordsChanged: () => forgetCapitalisation(),
  announce: (/** @type {string} */ text) => announcer.say(text),
};

/** @param {"loading" | "signin" | "list" | "cohort"} mode */
function setMode(mode) {
  page.mode = mode;
  byId("page-loading").hidden = mode !== "loading";
  byId("signin-view").hidden = mode !== "signin";
  byId("list-view").hidden = mode !== "list";
  byId("cohort-view").hidden = mode !== "cohort";
  byId("signout").hidden = !token();
}

/** @param {string} [reasonKey] */
function showSignIn(reasonKey) {
  setMode("signin");
  const error = byId("signin-error");
  error.hidden = !reasonKey;
  setText(error, reasonKey ? t(reasonKey) : "");
  if (reasonKey) byId("signin-token").setAttribute("aria-invalid", "true");
  byId("signin-token").focus();
}

/** The cohort named in the address (`#cohort=<id>`), if any. */
function cohortInAddress() {
  return new URLSearchParams(location.hash.slice(1)).get("cohort");
}

/** The address last shown (a hash change and a history step both announce the same move). */
let routed = "";

/** Shows what the address asks for: the list, or one cohort. */
async function route() {
  routed = location.href;
  if (!token()) return showSignIn();
  try {
    if (page.pathways.length === 0 && page.templates.length === 0) {
      [page.pathways, page.templates] = await Promise.all([call("/api/pathways"), call("/api/templates")]);
    }
    const id = cohortInAddress();
    if (id) await showCohort(id);
    else await showList();
  } catch (error) {
    if (error.status === 401) return;
    setMode("list");
    showRefusal(byId("list-status"), error, "load");
  }
}

async function showList() {
  page.cohort = null;
  page.freshLinks.length = 0;
  page.invites.clear();
  page.cohorts = await call("/api/cohorts");
  clearStatus(byId("list-status"));
  const wasHidden = page.mode !== "list" && page.mode !== "loading";
  setMode("list");
  drawList(page);
  fillCreateForm(page);
  document.title = t("cohorts.pageTitle");
  if (wasHidden) byId("list-heading").focus();
}

/** @param {string} id */
async function showCohort(id) {
  let view;
  try {
    view = await call(`/api/cohorts/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status !== 404) throw error;
    history.replaceState(null, "", "/cohortes");
    await showList();
    showRefusal(byId("list-status"), error, "address");
    return;
  }
  const first = page.mode === "loading";
  const switched = page.cohort?.id !== view.id;
  if (switched) {
    page.freshLinks.length = 0;
    page.invites.clear();
    page.actions = null;
    forgetInsights(page);
    page.filter = "all";
  }
  page.cohort = view;
  setMode("cohort");
  drawCohort({});
  if (switched) {
    fillEditForm(page);
    if (!first) byId("cohort-name").focus();
  }
  const insights = loadInsights(page); // the dashboard, the records (cohort-insights.js)
  if (await loadActions(page)) drawFollowUp(page);
  await insights;
}

/**
 * Takes a new cohort view from the API and redraws every section keeping what was typed;
 * then focuses `focus` and says `done` in the status line `done.id`.
 * @param {any} view
 * @param {{ reset?: string[], focus?: string, done?: { id: string, text: string } }} [after]
 */
function update(view, after = {}) {
  page.cohort = view;
  drawCohort(after);
  insightsChanged(page); // a séance opened, a person added: the dashboard counts them
  if (after.focus) document.getElementById(after.focus)?.focus();
  if (after.done) {
    const status = document.getElementById(after.done.id);
    if (status) showDone(status, after.done.text);
    // A status line drawn just now is not yet watched by screen readers: say it aloud too.
    if (!status?.hasAttribute("data-kept")) announcer.say(after.done.text);
  }
}

/** @param {{ reset?: string[] }} after */
function drawCohort({ reset = [] }) {
  const cohort = page.cohort;
  document.title = t("cohorts.pageTitleCohort", { name: cohort.name });
  setText(byId("cohort-name"), cohort.name);
  const people = cohort.territories.flatMap((territory) => territory.members.filter((member) => !member.erased)).length;
  setText(byId("cohort-summary"), [
    formatPeriod(cohort),
    plural("cohorts.count.territories", cohort.territories.length),
    plural("cohorts.count.members", people),
    t(`cohorts.language.${cohort.locale === "en" ? "en" : "fr"}`),
  ].join(" · "));
  for (const id of ["plan-section", "territories-section"]) {
    const root = byId(id);
    redrawKeeping(root, () => (id === "plan-section" ? drawPlan(page) : drawTerritories(page)), { reset });
    for (const control of root.querySelectorAll("input[id], select[id], textarea[id], details[id]")) {
      if (reset.includes(control.id)) resetControl(control);
    }
  }
  drawSubjects();
  drawFollowUp(page);
  drawSheets(page);
  drawInsights(page);
}

/**
 * Puts a control back to what the page drew (an emptied form after it was saved).
 * @param {any} control
 */
function resetControl(control) {
  if (control.tagName === "DETAILS") control.open = false;
  else if (control.tagName === "SELECT") {
    const chosen = [...control.options].find((option) => option.defaultSelected) ?? control.options[0];
    if (chosen) control.value = chosen.value;
  } else control.value = control.defaultValue;
}

function drawSubjects() {
  const { proposals } = page.cohort;
  byId("subjects-empty").hidden = proposals.length > 0;
  const when = (/** @type {number} */ at) => new Intl.DateTimeFormat(getLocale(), { day: "numeric", month: "short", year: "numeric" }).format(new Date(at));
  replaceChildren(byId("subjects"), proposals.map((proposal) =>
    h("li", { class: "subject", dataset: { subject: proposal.id } },
      h("p", { class: "subject-text", text: proposal.text }),
      h("p", { class: "subject-by muted", text: t("cohorts.subjects.by", { name: proposal.memberName, territory: proposal.territory || t("cohorts.subjects.noTerritory"), date: when(proposal.at) }) }))));
}

/** Reads `#token=` (signs in) and takes it out of the address, keeping `#cohort=`. */
function readFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get("token");
  if (!given) return;
  setToken(given);
  const cohort = fragment.get("cohort");
  history.replaceState(null, "", cohort ? `/cohortes#cohort=${encodeURIComponent(cohort)}` : "/cohortes");
}

function redrawForLocale() {
  byId("lang-switch").lang = getLocale() === "fr" ? "en" : "fr";
  if (page.mode === "list") {
    drawList(page);
    fillCreateForm(page);
    document.title = t("cohorts.pageTitle");
  } else if (page.mode === "cohort") drawCohort({});
}

async function start() {
  try {
    await Promise.all([loadStrings("/i18n/cohorts.json", { prefix: "cohorts." }), loadInsightStrings()]);
  } catch (error) {
    console.error("Atelier: the cohorts page's strings are unavailable", error);
  }
  onLocaleChange(redrawForLocale);
  await initI18n();
  byId("lang-switch").lang = getLocale() === "fr" ? "en" : "fr";
  readFragment();
  onTokenRejected(() => showSignIn("cohorts.signIn.rejected"));

  byId("lang-switch").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    await whileBusy(button, () => setLocale(getLocale() === "fr" ? "en" : "fr"));
  });
  byId("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId("signin-token");
    const value = input.value.trim();
    if (!value) return showSignIn("cohorts.signIn.required");
    setToken(value);
    input.value = "";
    input.removeAttribute("aria-invalid");
    byId("signin-error").hidden = true;
    route();
  });
  byId("signout").addEventListener("click", () => {
    setToken(null);
    location.assign("/cohortes");
  });
  byId("back-link").addEventListener("click", (event) => {
    event.preventDefault();
    history.pushState(null, "", "/cohortes");
    route();
  });
  for (const link of document.querySelectorAll("[data-jump]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault(); // the address keeps #cohort=
      const target = byId(link.getAttribute("data-jump") ?? "");
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    });
  }
  byId("create-form").addEventListener("submit", (event) => submitCreate(page, event));
  byId("edit-form").addEventListener("submit", (event) => submitEdit(page, event));
  byId("plan-add-form").addEventListener("submit", (event) => addSession(page, event));
  byId("territory-form").addEventListener("submit", (event) => addTerritory(page, event));
  byId("follow-up-refresh").addEventListener("click", (event) => refreshFollowUp(page, event.currentTarget));
  wireInsights(page);
  const moved = () => {
    readFragment();
    if (location.href !== routed) route();
  };
  window.addEventListener("hashchange", moved);
  window.addEventListener("popstate", moved);

  await route();
}

start();

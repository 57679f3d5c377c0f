/**
 * A cohort member's own page (`/moi#key=…`, their personal link): who they are, their
 * territory and binôme, the pathway's séances with the one open now, and the subjects
 * they propose for co-development. The key stays in the address's fragment (never sent
 * in a request line) and goes to the API as `Authorization: Member <key>` (member-api.js).
 * Their action items (member-actions.js), each séance's retour au territoire
 * (member-sheets.js), their territory's fiche d'expérience (member-record.js), the cohort's
 * constats et enseignements and their own data (member-data.js) are sections of their own.
 *
 * @module member
 */

import { Announcer } from "./announcer.js";
import { byId, h, replaceChildren, setText } from "./dom.js";
import { getLocale, initI18n, loadStrings, onLocaleChange, setLocale, t } from "./i18n.js";
import { call, memberKey as key } from "./member-api.js";
import { drawActions } from "./member-actions.js";
import { drawSheets, forgetSheets } from "./member-sheets.js";
import { drawRecord, startRecord } from "./member-record.js";
import { drawCapitalisation, forgetCapitalisation, wireData } from "./member-data.js";

const ui = {
  langSwitch: byId("lang-switch"),
  noLink: byId("no-link-view"),
  noLinkText: byId("no-link-text"),
  page: byId("page-view"),
  heading: byId("member-heading"),
  where: byId("member-where"),
  nowCard: byId("now-card"),
  nowTitle: byId("now-title"),
  nowJoin: /** @type {HTMLAnchorElement} */ (byId("now-join")),
  plan: byId("plan"),
  subjectForm: byId("subject-form"),
  subjectText: /** @type {HTMLTextAreaElement} */ (byId("subject-text")),
  subjectStatus: byId("subject-status"),
  subjects: byId("subjects"),
  subjectsHeading: byId("subjects-heading"),
  status: byId("page-status"),
};

/** @type {any} the page's data from `GET /api/me` */
let me = null;

const announcer = new Announcer(byId("announcer"));

/** What the sections (member-actions.js, member-sheets.js) need from the page. */
const page = {
  get me() {
    return me;
  },
  /** @param {any} data the page's new data (an answer of the member API) */
  update(data) {
    me = data;
    forgetSheets();
    forgetCapitalisation();
    render();
  },
  announce: (/** @type {string} */ text) => announcer.say(text),
  formatDate,
};

/** @param {string | undefined} date YYYY-MM-DD */
function formatDate(date) {
  if (!date) return t("member.plan.noDate");
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(getLocale(), {
    day: "numeric", month: "short", year: "numeric", timeZone: "UTC",
  });
}

function render() {
  if (!me) return;
  setText(ui.heading, t("member.hello", { name: me.me.name }));
  const partners = (me.territory?.members ?? []).filter((m) => m.id !== me.me.id).map((m) => m.name);
  setText(ui.where, partners.length
    ? t("member.where", { territory: me.territory?.name ?? "", partners: partners.join(", "), cohort: me.cohortName })
    : t("member.whereAlone", { territory: me.territory?.name ?? "", cohort: me.cohortName }));
  const open = me.plan.filter((session) => session.joinCode);
  const now = open[open.length - 1];
  ui.nowCard.hidden = !now;
  if (now) {
    setText(ui.nowTitle, now.title);
    ui.nowJoin.href = `/join/${now.joinCode}#key=${encodeURIComponent(key ?? "")}`;
  }
  const next = me.plan.find((session) => session.status === "planned");
  replaceChildren(ui.plan, ...(me.plan.length ? me.plan.map((session) => h("li", { "data-status": session.status },
    h("span", { class: "plan-date" }, formatDate(session.date)),
    h("span", { class: "plan-title" }, session.title,
      session === next ? h("span", { class: "pill plan-tag" }, t("member.plan.next")) : "",
      session.status === "open" ? h("span", { class: "pill plan-tag plan-tag-open" }, t("member.plan.open")) : ""),
    session.theme ? h("span", { class: "plan-theme" }, session.theme) : "",
  )) : [h("li", {}, t("member.plan.empty"))]));
  ui.subjectsHeading.hidden = me.subjects.length === 0;
  replaceChildren(ui.subjects, ...me.subjects.map((subject) => h("li", {},
    h("span", {}, subject.text),
    h("button", { type: "button", class: "button button-secondary button-small", "data-subject": subject.id },
      t("member.subject.withdraw")),
  )));
  drawActions(page);
  drawSheets(page);
  drawRecord(page);
  drawCapitalisation(page);
}

/** @param {SubmitEvent} event */
async function propose(event) {
  event.preventDefault();
  const text = ui.subjectText.value.trim();
  ui.subjectStatus.dataset.tone = "error";
  if (!text) {
    setText(ui.subjectStatus, t("member.subject.empty"));
    ui.subjectText.focus();
    return;
  }
  try {
    me = await call("/api/me/subjects", { method: "POST", body: { text } });
    ui.subjectText.value = "";
    ui.subjectStatus.dataset.tone = "success";
    setText(ui.subjectStatus, t("member.subject.sent"));
    render();
  } catch (error) {
    const problem = /** @type {any} */ (error);
    setText(ui.subjectStatus, problem.code === "too_large" ? t("member.subject.tooMany")
      : problem.status === 401 ? t("member.invalid") : t("member.subject.failed", { detail: problem.message }));
  }
}

/** @param {MouseEvent} event */
async function withdraw(event) {
  const button = /** @type {HTMLElement} */ (event.target).closest("[data-subject]");
  if (!button) return;
  try {
    me = await call(`/api/me/subjects/${encodeURIComponent(button.getAttribute("data-subject") ?? "")}`, { method: "DELETE" });
    ui.subjectStatus.dataset.tone = "success";
    setText(ui.subjectStatus, t("member.subject.withdrawn"));
    render();
    ui.subjectText.focus();
  } catch (error) {
    ui.subjectStatus.dataset.tone = "error";
    setText(ui.subjectStatus, t("member.subject.failed", { detail: /** @type {Error} */ (error).message }));
  }
}

async function start() {
  onLocaleChange(render);
  // This page's strings first, so that the first translation pass finds them.
  await Promise.all([
    loadStrings("/i18n/member.json", { prefix: "member." }).catch(() => {}),
    loadStrings("/i18n/capitalisation.json", { prefix: "capitalisation." }).catch(() => {}),
  ]);
  await initI18n();
  ui.langSwitch.addEventListener("click", () => setLocale(getLocale() === "fr" ? "en" : "fr"));
  if (!key) {
    ui.noLink.hidden = false;
    return;
  }
  try {
    me = await call("/api/me");
  } catch (error) {
    ui.noLink.hidden = false;
    // The sentence follows the language switch like the page's own.
    const problem = /** @type {any} */ (error).status === 401 ? "member.invalid" : "member.failed";
    ui.noLinkText.setAttribute("data-i18n", problem);
    setText(ui.noLinkText, t(problem));
    return;
  }
  if (!localStorage.getItem("atelier.locale") && me.locale) await setLocale(me.locale, { remember: false });
  ui.page.hidden = false;
  ui.subjectForm.addEventListener("submit", propose);
  ui.subjects.addEventListener("click", withdraw);
  wireData();
  render();
  await startRecord(page);
}

start();

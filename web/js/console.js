/**
 * The trainer console (`/console`): sign in with a trainer token, create a
 * session from a template, share it (code, link, QR code, projector view),
 * drive the agenda and the timer, manage members and hands, open the export.
 *
 * The token stays in sessionStorage (this tab only). `/console#token=…` (the
 * link the server prints) signs in; `/console#session=…&invite=…` (a
 * co-facilitator's invitation) joins one session with its invite.
 *
 * @module console
 */

import { Announcer } from "./announcer.js";
import { LiveConsole } from "./console-live.js";
import { byId, h, replaceChildren, setText } from "./dom.js";
import { getLocale, initI18n, onLocaleChange, setLocale, t } from "./i18n.js";
import { errorMessage, readPreference, writePreference } from "./preferences.js";
import { api, setToken, token } from "./trainer-api.js";

const NAME_KEY = "atelier.facilitatorName";

const ui = {
  langSwitch: byId("lang-switch"),
  signout: byId("signout"),
  signinView: byId("signin-view"),
  signinForm: byId("signin-form"),
  signinToken: byId("signin-token"),
  signinError: byId("signin-error"),
  inviteView: byId("invite-view"),
  inviteForm: byId("invite-form"),
  inviteName: byId("invite-name"),
  inviteStatus: byId("invite-status"),
  dashboardView: byId("dashboard-view"),
  createForm: byId("create-form"),
  createTemplate: byId("create-template"),
  createTemplateDescription: byId("create-template-description"),
  createTitle: byId("create-title"),
  createChoices: byId("create-choices"),
  createStatus: byId("create-status"),
  createSubmit: byId("create-submit"),
  facilitatorName: byId("facilitator-name"),
  sessions: byId("sessions"),
  sessionsEmpty: byId("sessions-empty"),
  sessionsRefresh: byId("sessions-refresh"),
  liveView: byId("live-view"),
  liveTitle: byId("live-title"),
  liveStep: byId("live-step"),
  back: byId("back-to-list"),
  shareCode: byId("share-code"),
  shareQR: byId("share-qr"),
  shareLink: byId("share-link"),
  shareCopy: byId("share-copy"),
  shareScreen: byId("share-screen"),
  shareStatus: byId("share-status"),
  notice: byId("console-notice"),
  agenda: byId("agenda"),
  previous: byId("step-previous"),
  next: byId("step-next"),
  timerForm: byId("timer-form"),
  timerMoment: byId("timer-moment"),
  timerMinutes: byId("timer-minutes"),
  timerStart: byId("timer-start"),
  timerPause: byId("timer-pause"),
  timerResume: byId("timer-resume"),
  timerExtend: byId("timer-extend"),
  timerReset: byId("timer-reset"),
  timerSound: byId("timer-sound"),
  hands: byId("hands"),
  handsEmpty: byId("hands-empty"),
  members: byId("members"),
  activityHeading: byId("activity-heading"),
  exportMinutes: byId("export-minutes"),
  minutesActions: byId("minutes-actions"),
  minutesPrint: byId("minutes-print"),
  minutesMarkdown: byId("minutes-md"),
  exportLog: byId("export-log"),
  exportHtml: byId("export-html"),
  exportCsv: byId("export-csv"),
  exportBallots: byId("export-ballots"),
  exportStatus: byId("export-status"),
  minutes: byId("minutes"),
  connection: byId("connection-status").parentElement,
};

const announcer = new Announcer(byId("announcer"));

/** @type {{ mode: "signin" | "invite" | "dashboard" | "live", templates: any[], sessions: any[], invite: { session: string, invite: string } | null }} */
const state = { mode: "signin", templates: [], sessions: [], invite: null };

/** @type {LiveConsole | null} */
let live = null;

/**
 * The trainer API; a token the server refuses sends the console back to sign-in.
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [options]
 */
function trainerAPI(path, options = {}) {
  return api(path, { ...options, onRejected: () => showSignIn("console.signIn.rejected") });
}

/* ---------- Faces ---------- */

/** @param {"signin" | "invite" | "dashboard" | "live"} mode */
function setMode(mode) {
  state.mode = mode;
  ui.signinView.hidden = mode !== "signin";
  ui.inviteView.hidden = mode !== "invite";
  ui.dashboardView.hidden = mode !== "dashboard";
  ui.liveView.hidden = mode !== "live";
  ui.signout.hidden = !token();
  ui.connection.hidden = mode !== "live";
}

/** @param {string} [reasonKey] */
function showSignIn(reasonKey) {
  setMode("signin");
  ui.signinError.hidden = !reasonKey;
  ui.signinError.textContent = reasonKey ? t(reasonKey) : "";
  if (reasonKey) ui.signinToken.setAttribute("aria-invalid", "true");
  ui.signinToken.focus();
}

async function showDashboard() {
  setMode("dashboard");
  ui.facilitatorName.value = readPreference(NAME_KEY) ?? "";
  try {
    const [templates, sessions] = await Promise.all([trainerAPI("/api/templates"), trainerAPI("/api/sessions")]);
    state.templates = templates;
    state.sessions = sessions;
    renderTemplates();
    renderSessions();
  } catch (error) {
    if (error.status !== 401) setText(ui.createStatus, errorMessage(error));
  }
}

function renderTemplates() {
  const selected = ui.createTemplate.value;
  // Grouped by language, the page's first.
  const locales = [...new Set(state.templates.map((template) => template.locale))]
    .sort((a, b) => Number(b === getLocale()) - Number(a === getLocale()) || a.localeCompare(b));
  replaceChildren(
    ui.createTemplate,
    locales.map((locale) =>
      h("optgroup", { label: t(`console.create.language.${locale}`) },
        ...state.templates.filter((template) => template.locale === locale)
          .map((template) => h("option", { value: template.id, text: template.title })))),
  );
  const preferred = state.templates.find((template) => template.id === selected)
    ?? state.templates.find((template) => template.locale === getLocale())
    ?? state.templates[0];
  if (preferred) ui.createTemplate.value = preferred.id;
  renderTemplateDescription();
}

function renderTemplateDescription() {
  const template = state.templates.find((candidate) => candidate.id === ui.createTemplate.value);
  const steps = template?.steps?.map((step) => step.title).join(" · ") ?? "";
  setText(ui.createTemplateDescription, [template?.description, steps && t("console.create.steps", { steps })].filter(Boolean).join(" — "));
  renderChoices(template);
}

/**
 * What the template lets the trainer choose now (a step's theme among its themes), one
 * select per choice; "choose during the session" leaves it to the facilitator. Choices made
 * are kept when the page is redrawn (a language switch).
 * @param {any} template
 */
function renderChoices(template) {
  const made = new Map([...ui.createChoices.querySelectorAll("select")].map((select) => [select.id, select.value]));
  const fields = (template?.steps ?? []).flatMap((step, index) => (step.choices ?? []).map((choice) => {
    const id = `create-choice-${index}-${choice.key}`;
    const select = h("select", { id, class: "input", dataset: { step: String(index), key: choice.key } },
      h("option", { value: "", text: t("console.create.chooseLater") }),
      ...choice.options.map((option) => h("option", { value: option, text: option })));
    if (made.has(id) && choice.options.includes(made.get(id))) select.value = made.get(id);
    const label = t("console.create.choice", { setting: choice.names[getLocale()] ?? choice.names.fr ?? choice.key, step: step.title });
    return h("div", { class: "field" }, h("label", { for: id, text: label }), select);
  }));
  replaceChildren(ui.createChoices, fields);
}

/** The choices made in the create form, for `POST /api/sessions`. */
function chosen() {
  return [...ui.createChoices.querySelectorAll("select")]
    .filter((select) => select.value)
    .map((select) => ({ step: Number(select.dataset.step), key: select.dataset.key, value: select.value }));
}

function renderSessions() {
  ui.sessionsEmpty.hidden = state.sessions.length > 0;
  const format = new Intl.DateTimeFormat(getLocale(), { dateStyle: "medium", timeStyle: "short" });
  replaceChildren(
    ui.sessions,
    state.sessions.map((session) => session.damage ? damagedSessionItem(session, format) :
      h(
        "li",
        { class: "session-item", dataset: { session: session.id } },
        h("div", { class: "session-item-text" },
          h("p", { class: "session-item-title", text: session.title }),
          h("p", { class: "muted", text: t("console.sessions.line", {
            code: session.joinCode,
            online: session.online,
            members: session.members,
            step: session.currentStep + 1,
            steps: session.steps,
            date: format.format(new Date(session.createdAt)),
          }) }),
        ),
        h("button", { type: "button", class: "button button-secondary", onclick: () => openSession(session.id), "aria-label": t("console.sessions.openNamed", { title: session.title }) }, t("console.sessions.open")),
        h("a", { href: `/replay/${encodeURIComponent(session.id)}`, class: "button button-link", dataset: { testid: "replay-link" }, "aria-label": t("console.sessions.replayNamed", { title: session.title }) }, t("console.sessions.replay")),
      ),
    ),
  );
}

/**
 * A stored session the server could not rebuild: listed so that it does not silently
 * vanish, with what to do, and no way to open it.
 * @param {{ id: string, title: string, joinCode: string, createdAt: number, damage: string }} session
 * @param {Intl.DateTimeFormat} format
 */
function damagedSessionItem(session, format) {
  return h(
    "li",
    { class: "session-item session-item-damaged", dataset: { session: session.id, damaged: "true" } },
    h("div", { class: "session-item-text" },
      h("p", { class: "session-item-title", text: session.title }),
      h("p", { class: "session-item-warning", text: t("console.sessions.damaged", { id: session.id }) }),
      h("p", { class: "muted", text: t("console.sessions.damagedDetail", {
        code: session.joinCode,
        date: format.format(new Date(session.createdAt)),
        reason: session.damage,
      }) }),
    ),
  );
}

/** @param {SubmitEvent} event */
async function onCreate(event) {
  event.preventDefault();
  ui.createSubmit.disabled = true;
  setText(ui.createStatus, "");
  writePreference(NAME_KEY, ui.facilitatorName.value.trim());
  try {
    const title = ui.createTitle.value.trim();
    const choices = chosen();
    const body = { template: ui.createTemplate.value, ...(title ? { title } : {}), ...(choices.length ? { choices } : {}) };
    const created = await trainerAPI("/api/sessions", { method: "POST", body });
    openSession(created.id);
  } catch (error) {
    if (error.status !== 401) setText(ui.createStatus, errorMessage(error));
  } finally {
    ui.createSubmit.disabled = false;
  }
}

/* ---------- Live session ---------- */

/** @param {string} sessionId */
function openSession(sessionId) {
  history.replaceState(null, "", `/console#open=${encodeURIComponent(sessionId)}`);
  const name = (readPreference(NAME_KEY) ?? "").trim();
  startLive(sessionId, { type: "facilitate", session: sessionId, token: token(), ...(name ? { name } : {}) });
}

/**
 * @param {string} sessionId
 * @param {object} binding the `facilitate` message, if no membership is kept
 */
function startLive(sessionId, binding) {
  setMode("live");
  live = new LiveConsole({
    ui, announcer, sessionId, binding,
    onRefused: (refusal) => {
      if (state.invite) {
        setMode("invite");
        setText(ui.inviteStatus, errorMessage(refusal));
      } else {
        setText(ui.createStatus, errorMessage(refusal));
        showDashboard();
      }
    },
  });
}

/* ---------- Start-up ---------- */

/** Reads `#token=`, `#session=&invite=` and `#open=` from the address, then clears secrets from it. */
function readFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get("token");
  if (given) setToken(given);
  const session = fragment.get("session");
  const invite = fragment.get("invite");
  if (session && invite) state.invite = { session, invite };
  const open = fragment.get("open");
  history.replaceState(null, "", open ? `/console#open=${encodeURIComponent(open)}` : "/console");
  return { open };
}

function renderAll() {
  ui.langSwitch.lang = getLocale() === "fr" ? "en" : "fr";
  if (state.mode === "dashboard") {
    renderTemplates();
    renderSessions();
  }
  live?.refresh();
}

async function start() {
  onLocaleChange(renderAll);
  await initI18n();
  const { open } = readFragment();

  ui.langSwitch.addEventListener("click", async () => {
    ui.langSwitch.disabled = true;
    try {
      await setLocale(getLocale() === "fr" ? "en" : "fr");
    } finally {
      ui.langSwitch.disabled = false;
    }
  });
  ui.signinForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = ui.signinToken.value.trim();
    if (!value) return showSignIn("console.signIn.required");
    setToken(value);
    ui.signinToken.value = "";
    ui.signinToken.removeAttribute("aria-invalid");
    await showDashboard();
  });
  ui.signout.addEventListener("click", () => {
    setToken(null);
    location.assign("/console");
  });
  ui.inviteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!state.invite) return;
    const name = ui.inviteName.value.trim();
    writePreference(NAME_KEY, name);
    history.replaceState(null, "", `/console#open=${encodeURIComponent(state.invite.session)}`);
    startLive(state.invite.session, { type: "facilitate", session: state.invite.session, invite: state.invite.invite, ...(name ? { name } : {}) });
  });
  ui.createForm.addEventListener("submit", onCreate);
  ui.createTemplate.addEventListener("change", renderTemplateDescription);
  ui.sessionsRefresh.addEventListener("click", showDashboard);
  ui.back.addEventListener("click", () => location.assign("/console"));
  // A link with a token, an invite or a session pasted into this open tab applies at once.
  window.addEventListener("hashchange", () => {
    if (/(^|&)(token|invite|open)=/.test(location.hash.slice(1))) location.reload();
  });

  if (state.invite && !open) {
    ui.inviteName.value = readPreference(NAME_KEY) ?? "";
    setMode("invite");
  } else if (open && (token() || localStorageHas(`atelier.membership.console:${open}`))) {
    startLive(open, { type: "facilitate", session: open, token: token(), name: (readPreference(NAME_KEY) ?? "").trim() || undefined });
  } else if (token()) {
    await showDashboard();
  } else {
    showSignIn();
  }
}

/** @param {string} key */
function localStorageHas(key) {
  return readPreference(key) !== null;
}

start();

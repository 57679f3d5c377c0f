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

import { ActivityHost } from "./activity-host.js";
import { Announcer } from "./announcer.js";
import { byId, h, replaceChildren, setText } from "./dom.js";
import { getLocale, initI18n, onLocaleChange, setLocale, t } from "./i18n.js";
import { errorMessage, readPreference, writePreference } from "./preferences.js";
import { SessionClient } from "./session-client.js";
import { ConnectionIndicator, handsAnnouncement, memberName, renderAgenda, renderHands, renderMembers } from "./session-ui.js";
import { TimerDisplay } from "./timer-display.js";

const TOKEN_KEY = "atelier.trainerToken";
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
  agenda: byId("agenda"),
  previous: byId("step-previous"),
  next: byId("step-next"),
  timerForm: byId("timer-form"),
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
  exportLog: byId("export-log"),
  exportStatus: byId("export-status"),
  minutes: byId("minutes"),
  connection: byId("connection-status").parentElement,
};

const announcer = new Announcer(byId("announcer"));

/** @type {{ mode: "signin" | "invite" | "dashboard" | "live", templates: any[], sessions: any[], invite: { session: string, invite: string } | null }} */
const state = { mode: "signin", templates: [], sessions: [], invite: null };

/** @type {{ client: SessionClient, activity: ActivityHost, timer: TimerDisplay, indicator: ConnectionIndicator, shown: any } | null} */
let live = null;

/* ---------- Token and HTTP API ---------- */

/** @returns {string | null} */
function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** @param {string | null} value */
function setToken(value) {
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // The console works for this page only.
  }
}

class APIError extends Error {
  /** @param {number} status @param {string} code */
  constructor(status, code) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the trainer API with the bearer token.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, raw?: boolean }} [options]
 */
async function api(path, { method = "GET", body, raw = false } = {}) {
  const headers = { Authorization: `Bearer ${token() ?? ""}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    if (response.status === 401) {
      setToken(null);
      showSignIn("console.signIn.rejected");
    }
    throw new APIError(response.status, problem?.error?.code ?? "internal");
  }
  return raw ? response : response.json();
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
    const [templates, sessions] = await Promise.all([api("/api/templates"), api("/api/sessions")]);
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
  replaceChildren(
    ui.createTemplate,
    state.templates.map((template) =>
      h("option", { value: template.id, text: `${template.title} (${template.locale})` }),
    ),
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
}

function renderSessions() {
  ui.sessionsEmpty.hidden = state.sessions.length > 0;
  const format = new Intl.DateTimeFormat(getLocale(), { dateStyle: "medium", timeStyle: "short" });
  replaceChildren(
    ui.sessions,
    state.sessions.map((session) =>
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
      ),
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
    const created = await api("/api/sessions", { method: "POST", body: { template: ui.createTemplate.value, ...(title ? { title } : {}) } });
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
 * @param {object} binding
 */
function startLive(sessionId, binding) {
  setMode("live");
  const client = new SessionClient({ storageKey: `console:${sessionId}` });
  const timer = new TimerDisplay({ time: byId("timer-time"), status: byId("timer-status"), announcer });
  timer.sound = readPreference("atelier.timerSound") === "on";
  ui.timerSound.checked = timer.sound;
  const indicator = new ConnectionIndicator({ root: byId("connection-status"), text: byId("connection-text"), retry: byId("connection-retry"), client });
  const activity = new ActivityHost({ container: byId("activity"), client, announce: (text) => announcer.say(text), serverNow: () => timer.serverNow() });
  live = { client, activity, timer, indicator, shown: null };
  client.addEventListener("view", renderLive);
  client.addEventListener("refused", (event) => {
    const refusal = /** @type {CustomEvent} */ (event).detail;
    if (state.invite) {
      setMode("invite");
      setText(ui.inviteStatus, errorMessage(refusal));
    } else {
      setMode("dashboard");
      setText(ui.createStatus, errorMessage(refusal));
      showDashboard();
    }
  });
  client.addEventListener("notice", (event) => announcer.say(errorMessage(/** @type {CustomEvent} */ (event).detail)));
  indicator.render();
  client.start(binding);
}

function renderLive() {
  if (!live) return;
  const view = live.client.view;
  if (!view) return;
  const steps = view.agenda?.steps ?? [];
  const current = view.agenda?.current ?? 0;
  const step = steps[current];
  const role = view.me?.role;
  const lead = role === "facilitator";

  setText(ui.liveTitle, view.session?.title ?? "");
  document.title = `${view.session?.title ?? ""} — ${t("console.pageTitle")}`;
  setText(ui.liveStep, step ? t("agenda.stepOf", { index: current + 1, count: steps.length, title: step.title }) : "");
  setText(ui.activityHeading, step?.title ?? "");

  const code = view.session?.joinCode ?? "";
  const link = `${location.origin}/join/${code}`;
  setText(ui.shareCode, code);
  ui.shareLink.value = link;
  ui.shareScreen.href = `/screen/${code}`;
  const qr = `/qr/${code}.svg`;
  if (ui.shareQR.getAttribute("src") !== qr) ui.shareQR.src = qr;
  ui.shareQR.alt = t("console.share.qrAlt", { link });
  ui.shareQR.hidden = !code;

  renderAgenda(ui.agenda, view, { goTo: (index) => command({ kind: "goToStep", index }) });
  ui.previous.disabled = current === 0;
  ui.next.disabled = current >= steps.length - 1;

  const timerView = view.timer ?? { status: "idle", durationMs: 0 };
  live.timer.update(timerView);
  if (document.activeElement !== ui.timerMinutes && (live.shown?.agenda?.current !== current || !ui.timerMinutes.value)) {
    ui.timerMinutes.value = String(Math.max(1, Math.round((step?.timeboxSeconds || 300) / 60)));
  }
  ui.timerStart.disabled = timerView.status === "running";
  ui.timerPause.disabled = timerView.status !== "running";
  ui.timerResume.disabled = timerView.status !== "paused";
  ui.timerExtend.disabled = timerView.status !== "running" && timerView.status !== "paused";
  ui.timerReset.disabled = timerView.status === "idle";

  ui.hands.parentElement.hidden = view.activity?.view?.turns === true; // the activity runs its own turns
  renderHands(ui.hands, ui.handsEmpty, view, {
    giveFloor: (id) => command({ kind: "lowerHand", participant: id }).then(() => announcer.say(t("hands.announce.floor", { name: memberName(live?.client.view, id) }))),
  });
  renderMembers(ui.members, view, { actions: (member) => memberActions(member, view.me?.id, lead) });

  live.activity.show(view);
  if (live.shown && live.shown.agenda?.current !== current) announcer.say(t("agenda.announce.step", { title: step?.title ?? "" }));
  else {
    const turn = handsAnnouncement(live.shown, view);
    if (turn) announcer.say(turn);
  }
  live.shown = view;
}

/**
 * Role, hand-over and removal controls for one member row.
 * @param {{ id: string, name: string, role: string }} member
 * @param {string} me
 * @param {boolean} lead
 */
function memberActions(member, me, lead) {
  if (member.id === me || member.role === "facilitator") return null;
  if (!lead && member.role === "cofacilitator") return null;
  const roles = lead ? ["participant", "observer", "cofacilitator"] : ["participant", "observer"];
  const selectId = `role-${member.id}`;
  const select = h(
    "select",
    { id: selectId, class: "input input-small", "aria-label": t("members.roleOf", { name: member.name }) },
    roles.map((role) => h("option", { value: role, selected: role === member.role, text: t(`role.${role}`) })),
  );
  select.addEventListener("change", () => command({ kind: "setRole", participant: member.id, role: select.value }));
  return h(
    "span",
    { class: "member-actions" },
    select,
    lead && member.role !== "observer"
      ? h("button", { type: "button", class: "button button-small button-secondary", onclick: () => confirmThen(t("members.handOverConfirm", { name: member.name }), { kind: "handOver", participant: member.id }), "aria-label": t("members.handOverTo", { name: member.name }) }, t("members.handOver"))
      : null,
    h("button", { type: "button", class: "button button-small button-danger", onclick: () => confirmThen(t("members.removeConfirm", { name: member.name }), { kind: "remove", participant: member.id }), "aria-label": t("members.removeNamed", { name: member.name }) }, t("members.remove")),
  );
}

/**
 * @param {string} question
 * @param {object} intent
 */
function confirmThen(question, intent) {
  if (confirm(question)) command(intent);
}

/**
 * Sends an intent; a refusal is announced and shown.
 * @param {object} intent
 */
async function command(intent) {
  if (!live) return;
  try {
    await live.client.send(intent);
  } catch (error) {
    announcer.say(errorMessage(error));
    setText(ui.shareStatus, errorMessage(error));
  }
}

/* ---------- Export ---------- */

function sessionId() {
  return live?.client.view?.session?.id ?? live?.client.membership?.session ?? "";
}

async function showMinutes() {
  setText(ui.exportStatus, "");
  try {
    const response = await api(`/api/sessions/${encodeURIComponent(sessionId())}/minutes`, { raw: true });
    ui.minutes.textContent = await response.text();
    ui.minutes.hidden = false;
    ui.minutes.focus();
  } catch (error) {
    setText(ui.exportStatus, t(error.status === 401 ? "console.export.needsToken" : "errors.internal"));
  }
}

async function downloadLog() {
  setText(ui.exportStatus, "");
  try {
    const response = await api(`/api/sessions/${encodeURIComponent(sessionId())}/log`, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const link = h("a", { href: url, download: `${sessionId()}.jsonl`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setText(ui.exportStatus, t("console.export.downloaded"));
  } catch (error) {
    setText(ui.exportStatus, t(error.status === 401 ? "console.export.needsToken" : "errors.internal"));
  }
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
  if (live) {
    live.indicator.render();
    live.timer.render();
    renderLive();
    live.activity.refresh();
  }
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
  ui.previous.addEventListener("click", () => command({ kind: "previousStep" }));
  ui.next.addEventListener("click", () => command({ kind: "nextStep" }));
  ui.timerForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const minutes = Number(ui.timerMinutes.value);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      setText(ui.shareStatus, t("timer.minutesInvalid"));
      return;
    }
    command({ kind: "startTimer", seconds: minutes * 60 });
  });
  ui.timerPause.addEventListener("click", () => command({ kind: "pauseTimer" }));
  ui.timerResume.addEventListener("click", () => command({ kind: "resumeTimer" }));
  ui.timerExtend.addEventListener("click", () => command({ kind: "extendTimer", seconds: 60 }));
  ui.timerReset.addEventListener("click", () => command({ kind: "resetTimer" }));
  ui.timerSound.addEventListener("change", () => {
    if (live) live.timer.sound = ui.timerSound.checked;
    writePreference("atelier.timerSound", ui.timerSound.checked ? "on" : "off");
  });
  ui.shareCopy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(ui.shareLink.value);
      setText(ui.shareStatus, t("console.share.copied"));
    } catch {
      ui.shareLink.select();
      setText(ui.shareStatus, t("console.share.copyManually"));
    }
  });
  ui.exportMinutes.addEventListener("click", showMinutes);
  ui.exportLog.addEventListener("click", downloadLog);

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

/**
 * The participant app (`/` and `/join/CODE`): the join form, then the live
 * session (title, agenda, timer, hands, who is present, the current activity).
 *
 * The membership (resume token) is kept in localStorage per join code, so a
 * reload or a lost connection puts the person back where they were.
 *
 * @module participant
 */

import { ActivityHost } from "./activity-host.js";
import { Announcer } from "./announcer.js";
import { AtelierConnection } from "./connection.js";
import { byId, setText } from "./dom.js";
import { getLocale, initI18n, onLocaleChange, setLocale, t } from "./i18n.js";
import { codeFromLocation, normalizeCode, normalizeName, validateCode, validateName } from "./join-validation.js";
import { SessionClient } from "./session-client.js";
import { ConnectionIndicator, handsAnnouncement, renderAgenda, renderHands, renderMembers } from "./session-ui.js";
import { TimerDisplay } from "./timer-display.js";
import { errorMessage, readPreference, writePreference } from "./preferences.js";
import { describeRefusal } from "./refusals.js";

/** localStorage key: the join code of the last session joined in this browser. */
const LAST_CODE_KEY = "atelier.lastCode";

const ui = {
  langSwitch: byId("lang-switch"),
  joinView: byId("join-view"),
  form: byId("join-form"),
  code: byId("join-code"),
  codeError: byId("join-code-error"),
  name: byId("join-name"),
  nameError: byId("join-name-error"),
  observer: byId("join-observer"),
  submit: byId("join-submit"),
  joinStatus: byId("join-status"),
  sessionView: byId("session-view"),
  removedView: byId("removed-view"),
  title: byId("session-title"),
  step: byId("session-step"),
  activityHeading: byId("activity-heading"),
  handButton: byId("hand-button"),
  hands: byId("hands"),
  handsEmpty: byId("hands-empty"),
  agenda: byId("agenda"),
  members: byId("members"),
  roleNote: byId("role-note"),
  leave: byId("leave-button"),
  timerSound: byId("timer-sound"),
  timerVisible: byId("timer-visible"),
  timerTime: byId("timer-time"),
};

const connection = new AtelierConnection();
const client = new SessionClient({ storageKey: "join:none", connection });
const announcer = new Announcer(byId("announcer"));
const indicator = new ConnectionIndicator({ root: byId("connection-status"), text: byId("connection-text"), retry: byId("connection-retry"), client, banner: byId("offline-banner") });
const timer = new TimerDisplay({ time: ui.timerTime, status: byId("timer-status"), announcer });
const activity = new ActivityHost({
  container: byId("activity"), client, announce: (text) => announcer.say(text), serverNow: () => timer.serverNow(),
  clockShown: true, onMount: () => timer.show(client.view?.timer, activity.clock()),
});

/** @type {{ key: string, params?: object } | { text: string } | null} */
let feedback = null;
let validateWhileTyping = false;
/** @type {any} the view drawn last, to announce what changed */
let shownView = null;

/* ---------- Join form ---------- */

function onCodeInput() {
  const { value, selectionStart } = ui.code;
  const normalized = normalizeCode(value);
  if (normalized !== value) {
    const caret = normalizeCode(value.slice(0, selectionStart ?? value.length)).length;
    ui.code.value = normalized;
    ui.code.setSelectionRange(caret, caret);
  }
  if (validateWhileTyping) validateField("code");
}

/**
 * @param {"code" | "name"} field
 * @returns {string | null} the normalised value, or null if invalid.
 */
function validateField(field) {
  const input = field === "code" ? ui.code : ui.name;
  const errorElement = field === "code" ? ui.codeError : ui.nameError;
  const value = field === "code" ? normalizeCode(input.value) : normalizeName(input.value);
  const problem = field === "code" ? validateCode(value) : validateName(value);
  errorElement.textContent = problem ? t(problem.key, problem.params) : "";
  errorElement.hidden = !problem;
  if (problem) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  return problem ? null : value;
}

/** @param {SubmitEvent} event */
function onSubmit(event) {
  event.preventDefault();
  validateWhileTyping = true;
  const code = validateField("code");
  const name = validateField("name");
  if (code === null || name === null) {
    (code === null ? ui.code : ui.name).focus();
    return;
  }
  ui.name.value = name;
  writePreference(LAST_CODE_KEY, code);
  client.storageKey = `join:${code}`;
  const role = ui.observer.checked ? "observer" : "participant";
  askedName = name;
  client.start({ type: "join", code, name, role });
  showFeedback(connection.isOpen ? { key: "join.status.sent" } : { key: "join.status.queued" }, "info");
}

/**
 * @param {{ key: string, params?: object } | { text: string }} message
 * @param {"info" | "success" | "error"} tone
 */
function showFeedback(message, tone) {
  feedback = message;
  ui.joinStatus.dataset.tone = tone;
  renderFeedback();
}

function renderFeedback() {
  ui.joinStatus.textContent = !feedback ? "" : "text" in feedback ? feedback.text : t(feedback.key, feedback.params);
}

/* ---------- Session ---------- */

function renderFaces() {
  const status = client.status;
  const inSession = client.view !== null && (status === "bound" || status === "reconnecting" || status === "binding");
  ui.joinView.hidden = inSession || status === "removed";
  ui.sessionView.hidden = !inSession;
  ui.removedView.hidden = status !== "removed";
  ui.submit.disabled = status === "binding";
}

/** The name typed at joining, until the server says which name it gave (a taken name gets « (2) »). */
let askedName = "";

function renderSession() {
  const view = client.view;
  if (!view) return;
  if (askedName && view.me?.name) {
    const given = view.me.name;
    const note = byId("name-note");
    note.hidden = given === askedName;
    setText(note, given === askedName ? "" : t("session.renamed", { asked: askedName, name: given }));
    askedName = "";
  }
  const steps = view.agenda?.steps ?? [];
  const current = view.agenda?.current ?? 0;
  const step = steps[current];
  setText(ui.title, view.session?.title ?? "");
  document.title = `${view.session?.title ?? ""} — ${t("app.name")}`;
  setText(ui.step, step ? t("agenda.stepOf", { index: current + 1, count: steps.length, title: step.title }) : "");
  setText(ui.activityHeading, step?.title ?? "");
  renderAgenda(ui.agenda, view);
  renderHands(ui.hands, ui.handsEmpty, view);
  renderMembers(ui.members, view);

  // An activity that runs its own speaking turns (`turns: true`) replaces the session's hand queue.
  byId("hands-heading").parentElement.hidden = view.activity?.view?.turns === true;

  const role = view.me?.role;
  const raised = Boolean(view.me?.handRaised);
  ui.handButton.hidden = role !== "participant";
  ui.handButton.setAttribute("aria-pressed", String(raised));
  setText(ui.handButton, t(raised ? "hands.lower" : "hands.raise"));
  ui.roleNote.hidden = role === "participant";
  setText(ui.roleNote, role && role !== "participant" ? t(`session.roleNote.${role}`) : "");

  activity.show(view);
  timer.show(view.timer, activity.clock());
  announceChanges(shownView, view);
  shownView = view;
}

/**
 * Step and turn changes, announced once each.
 * @param {any} before
 * @param {any} after
 */
function announceChanges(before, after) {
  if (!before) return;
  const current = after.agenda?.current;
  if (current !== before.agenda?.current) {
    announcer.say(t("agenda.announce.step", { title: after.agenda?.steps?.[current]?.title ?? "" }));
    return;
  }
  const turn = handsAnnouncement(before, after);
  if (turn) announcer.say(turn);
}

async function toggleHand() {
  const raised = Boolean(client.view?.me?.handRaised);
  try {
    await client.send({ kind: raised ? "lowerHand" : "raiseHand" });
  } catch (error) {
    announcer.say(describeRefusal(error));
  }
}

/* ---------- Start-up ---------- */

async function switchLanguage() {
  ui.langSwitch.disabled = true;
  try {
    await setLocale(getLocale() === "fr" ? "en" : "fr");
  } finally {
    ui.langSwitch.disabled = false;
  }
}

function renderAll() {
  ui.langSwitch.lang = getLocale() === "fr" ? "en" : "fr";
  indicator.render();
  renderFeedback();
  renderFaces();
  renderSession();
  timer.render();
  activity.refresh();
}

async function start() {
  onLocaleChange(renderAll);
  await initI18n();

  const code = codeFromLocation(location) || normalizeCode(readPreference(LAST_CODE_KEY) ?? "");
  if (code) {
    ui.code.value = code;
    client.storageKey = `join:${code}`;
  }
  const memberKey = memberKeyFromLocation();
  ui.timerSound.checked = readPreference("atelier.timerSound") === "on";
  timer.sound = ui.timerSound.checked;
  ui.timerVisible.checked = readPreference("atelier.timerVisible") !== "off";
  ui.timerTime.hidden = !ui.timerVisible.checked;

  ui.langSwitch.addEventListener("click", switchLanguage);
  ui.code.addEventListener("input", onCodeInput);
  ui.name.addEventListener("input", () => validateWhileTyping && validateField("name"));
  ui.form.addEventListener("submit", onSubmit);
  ui.handButton.addEventListener("click", toggleHand);
  ui.leave.addEventListener("click", () => {
    client.leave();
    shownView = null;
    showFeedback({ key: "session.left" }, "info");
    renderFaces();
    connection.connect();
  });
  ui.timerSound.addEventListener("change", () => {
    timer.sound = ui.timerSound.checked;
    writePreference("atelier.timerSound", ui.timerSound.checked ? "on" : "off");
  });
  ui.timerVisible.addEventListener("change", () => {
    ui.timerTime.hidden = !ui.timerVisible.checked;
    writePreference("atelier.timerVisible", ui.timerVisible.checked ? "on" : "off");
  });

  client.addEventListener("view", renderSession);
  client.addEventListener("status", () => {
    renderFaces();
    if (client.status === "bound") feedback = null;
    if (client.status === "removed") byId("removed-heading").focus?.();
  });
  client.addEventListener("refused", (event) => {
    const refusal = /** @type {CustomEvent} */ (event).detail;
    showFeedback({ text: refusal?.reason ? describeRefusal(refusal) : errorMessage(refusal) }, "error");
    renderFaces();
  });
  client.addEventListener("notice", (event) => announcer.say(describeRefusal(/** @type {CustomEvent} */ (event).detail)));

  renderAll();
  if (memberKey && code) {
    // A cohort member's link: enter as themselves (or resume the kept membership).
    writePreference(LAST_CODE_KEY, code);
    client.start({ type: "enter", code, key: memberKey });
    showFeedback({ key: "join.status.member" }, "info");
  } else {
    client.start(); // resumes a kept membership; otherwise waits for the form
  }
}

/**
 * A cohort member's personal key from `#key=…` (their page's join link), taken out of the
 * address bar at once so that a shared or projected screen never shows it.
 * @returns {string | null}
 */
function memberKeyFromLocation() {
  const key = new URLSearchParams(location.hash.slice(1)).get("key");
  if (key === null) return null;
  history.replaceState(null, "", location.pathname + location.search);
  return /^[A-Za-z0-9_.-]{16,256}$/.test(key) ? key : null;
}

start();

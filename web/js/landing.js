/**
 * Landing page: language switch, join form and connection status.
 *
 * Everything shown dynamically is kept in `view` as i18n keys (or raw server
 * text) and redrawn by `render()`, so a language switch re-translates it.
 *
 * @module landing
 */

import { AtelierConnection } from "./connection.js";
import { getLocale, initI18n, onLocaleChange, setLocale, t } from "./i18n.js";
import {
  codeFromLocation,
  normalizeCode,
  normalizeName,
  validateCode,
  validateName,
} from "./join-validation.js";

/** sessionStorage key holding the last join request, `{code, name}`. */
const PENDING_JOIN_KEY = "atelier.pendingJoin";

/** Error codes the server may send, each with an `errors.<code>` string. */
const SERVER_ERROR_CODES = new Set([
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "rate_limited",
  "invalid_state",
  "internal",
]);

/**
 * A message to display: an i18n key with parameters, or literal text.
 * @typedef {{ key: string, params?: Record<string, string | number> } | { text: string }} Message
 */

/** @typedef {{ code: string, name: string }} JoinRequest */

/**
 * @param {string} id
 * @returns {any} the element (typed loosely: ids are fixed in index.html).
 */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`Atelier: #${id} missing from the page`);
  return element;
}

const ui = {
  langSwitch: /** @type {HTMLButtonElement} */ (byId("lang-switch")),
  form: /** @type {HTMLFormElement} */ (byId("join-form")),
  code: /** @type {HTMLInputElement} */ (byId("join-code")),
  codeError: byId("join-code-error"),
  name: /** @type {HTMLInputElement} */ (byId("join-name")),
  nameError: byId("join-name-error"),
  joinStatus: byId("join-status"),
  connectionStatus: byId("connection-status"),
  connectionText: byId("connection-text"),
  connectionRetry: /** @type {HTMLButtonElement} */ (byId("connection-retry")),
};

/** Current dynamic content of the page. */
const view = {
  /** @type {import("./connection.js").StateChange} */
  connection: { state: "connecting", delay: 0, attempt: 0 },
  /** @type {{ code: Message | null, name: Message | null }} */
  fieldErrors: { code: null, name: null },
  /** @type {{ message: Message, tone: "info" | "success" | "error" } | null} */
  feedback: null,
  /** After a first submit, fields are re-validated as the user types. */
  validateWhileTyping: false,
  /** @type {JoinRequest | null} A request submitted while offline, sent once connected. */
  queuedJoin: null,
};

const connection = new AtelierConnection();

/* ---------- Rendering ---------- */

/**
 * @param {Message} message
 * @returns {string}
 */
function resolve(message) {
  return "text" in message ? message.text : t(message.key, message.params);
}

function renderConnection() {
  const { state, delay, attempt } = view.connection;
  const shown = state === "open" ? "open" : state === "offline" ? "offline" : "connecting";
  ui.connectionStatus.dataset.state = shown;
  ui.connectionText.textContent =
    shown === "offline"
      ? t("connection.offline", { seconds: Math.max(1, Math.ceil(delay / 1000)) })
      : t(`connection.${shown}`);
  // Once a first attempt has failed, the retry button stays in place (inert
  // while connecting) so that keyboard focus is not lost between attempts.
  ui.connectionRetry.hidden = shown === "open" || attempt === 0;
  ui.connectionRetry.setAttribute("aria-disabled", String(shown !== "offline"));
}

/**
 * @param {HTMLInputElement} input
 * @param {HTMLElement} errorElement
 * @param {Message | null} problem
 */
function renderFieldError(input, errorElement, problem) {
  errorElement.textContent = problem ? resolve(problem) : "";
  errorElement.hidden = !problem;
  if (problem) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

function renderFeedback() {
  ui.joinStatus.textContent = view.feedback ? resolve(view.feedback.message) : "";
  ui.joinStatus.dataset.tone = view.feedback?.tone ?? "info";
}

function renderLangSwitch() {
  // The button names the *other* language, in that language.
  ui.langSwitch.lang = getLocale() === "fr" ? "en" : "fr";
}

function render() {
  renderLangSwitch();
  renderConnection();
  renderFieldError(ui.code, ui.codeError, view.fieldErrors.code);
  renderFieldError(ui.name, ui.nameError, view.fieldErrors.name);
  renderFeedback();
}

/**
 * @param {Message} message
 * @param {"info" | "success" | "error"} tone
 */
function showFeedback(message, tone) {
  view.feedback = { message, tone };
  renderFeedback();
}

/* ---------- Join form ---------- */

/** Uppercases the code as it is typed, keeping the caret in place. */
function onCodeInput() {
  const { value, selectionStart } = ui.code;
  const normalized = normalizeCode(value);
  if (normalized !== value) {
    const caret = normalizeCode(value.slice(0, selectionStart ?? value.length)).length;
    ui.code.value = normalized;
    ui.code.setSelectionRange(caret, caret);
  }
  if (view.validateWhileTyping) validateField("code");
}

/**
 * Validates one field and shows or clears its error.
 * @param {"code" | "name"} field
 * @returns {string | null} the normalised value, or null if invalid.
 */
function validateField(field) {
  const value = field === "code" ? normalizeCode(ui.code.value) : normalizeName(ui.name.value);
  const problem = field === "code" ? validateCode(value) : validateName(value);
  view.fieldErrors[field] = problem;
  render();
  return problem ? null : value;
}

/** @param {SubmitEvent} event */
function onSubmit(event) {
  event.preventDefault();
  view.validateWhileTyping = true;
  const code = validateField("code");
  const name = validateField("name");
  if (code === null || name === null) {
    view.feedback = null;
    renderFeedback();
    (code === null ? ui.code : ui.name).focus();
    return;
  }
  ui.name.value = name;
  rememberJoin({ code, name });
  if (!sendJoin({ code, name })) {
    view.queuedJoin = { code, name };
    showFeedback({ key: "join.status.queued" }, "info");
  }
}

/**
 * Sends a join request if connected.
 * @param {JoinRequest} request
 * @returns {boolean} whether it was sent.
 */
function sendJoin({ code, name }) {
  if (!connection.send({ type: "join", code, name })) return false;
  view.queuedJoin = null;
  showFeedback({ key: "join.status.sent" }, "success");
  return true;
}

/** @param {JoinRequest} request */
function rememberJoin(request) {
  try {
    sessionStorage.setItem(PENDING_JOIN_KEY, JSON.stringify(request));
  } catch {
    // Storage unavailable: the request is still sent.
  }
}

/** @returns {Partial<JoinRequest>} the join request saved in this tab, if any. */
function rememberedJoin() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(PENDING_JOIN_KEY) ?? "null");
    return saved && typeof saved === "object" ? saved : {};
  } catch {
    return {};
  }
}

/** Prefills the form from the URL (`/join/CODE`, `?code=`) or this tab's last request. */
function prefillForm() {
  const saved = rememberedJoin();
  const code = codeFromLocation(location) || normalizeCode(String(saved.code ?? ""));
  if (code) ui.code.value = code;
  if (typeof saved.name === "string") ui.name.value = saved.name;
}

/* ---------- Server messages ---------- */

/**
 * Turns a server `{type: "error", code, message}` into a displayable message.
 * @param {{ code?: unknown, message?: unknown }} error
 * @returns {Message}
 */
function serverErrorMessage(error) {
  if (typeof error.code === "string" && SERVER_ERROR_CODES.has(error.code)) {
    return { key: `errors.${error.code}` };
  }
  if (typeof error.message === "string" && error.message.trim() !== "") {
    return { text: error.message };
  }
  return { key: "errors.unknown" };
}

/** @param {any} message */
function onServerMessage(message) {
  if (message && message.type === "error") {
    showFeedback(serverErrorMessage(message), "error");
  }
}

/* ---------- Start-up ---------- */

async function switchLanguage() {
  const next = getLocale() === "fr" ? "en" : "fr";
  ui.langSwitch.disabled = true;
  try {
    await setLocale(next);
  } catch (error) {
    console.error("Atelier: cannot switch language", error);
  } finally {
    ui.langSwitch.disabled = false;
  }
}

async function start() {
  prefillForm();
  onLocaleChange(render);
  await initI18n();
  render();

  ui.langSwitch.addEventListener("click", switchLanguage);
  ui.code.addEventListener("input", onCodeInput);
  ui.name.addEventListener("input", () => {
    if (view.validateWhileTyping) validateField("name");
  });
  ui.form.addEventListener("submit", onSubmit);
  ui.connectionRetry.addEventListener("click", () => connection.reconnectNow());

  connection.onStateChange((change) => {
    view.connection = change;
    renderConnection();
    if (change.state === "open" && view.queuedJoin) sendJoin(view.queuedJoin);
  });
  connection.onMessage(onServerMessage);
  connection.connect();
}

start();

/**
 * The projector view (`/screen/CODE`): read-only, large type, for a shared
 * screen in a hybrid room. It joins the session as an observer named after
 * the screen, and shows the current step, the timer, the activity as
 * published to participants, and how to join.
 *
 * @module screen
 */

import { ActivityHost } from "./activity-host.js";
import { Announcer } from "./announcer.js";
import { byId, setText } from "./dom.js";
import { getLocale, initI18n, onLocaleChange, setLocale, t } from "./i18n.js";
import { normalizeCode } from "./join-validation.js";
import { errorMessage } from "./preferences.js";
import { SessionClient } from "./session-client.js";
import { ConnectionIndicator, memberName } from "./session-ui.js";
import { TimerDisplay } from "./timer-display.js";

const code = normalizeCode(decodeURIComponent(location.pathname.split("/")[2] ?? ""));
const client = new SessionClient({ storageKey: `screen:${code}` });
const announcer = new Announcer(byId("announcer"));
const indicator = new ConnectionIndicator({ root: byId("connection-status"), text: byId("connection-text"), retry: byId("connection-retry"), client });
const timer = new TimerDisplay({ time: byId("timer-time"), status: byId("timer-status"), announcer });
const activity = new ActivityHost({
  container: byId("activity"), client, announce: (text) => announcer.say(text), readOnly: true, serverNow: () => timer.serverNow(),
  clockShown: true, face: "projector", onMount: () => timer.show(client.view?.timer, activity.clock()),
});

function render() {
  byId("lang-switch").lang = getLocale() === "fr" ? "en" : "fr";
  const link = `${location.origin}/join/${code}`;
  setText(byId("screen-link"), link.replace(/^https?:\/\//, ""));
  setText(byId("screen-code"), t("screen.code", { code }));
  const qr = byId("screen-qr");
  if (!qr.getAttribute("src")) qr.src = `/qr/${code}.svg`;
  qr.alt = t("console.share.qrAlt", { link });
  indicator.render();
  const view = client.view;
  if (!view) return;
  const steps = view.agenda?.steps ?? [];
  const current = view.agenda?.current ?? 0;
  setText(byId("screen-title"), view.session?.title ?? "");
  document.title = `${view.session?.title ?? ""} — ${t("screen.pageTitle")}`;
  setText(byId("screen-step"), steps[current] ? t("agenda.stepOf", { index: current + 1, count: steps.length, title: steps[current].title }) : "");
  setText(byId("activity-heading"), steps[current]?.title ?? "");
  const hands = view.hands ?? [];
  setText(byId("screen-hands"), hands.length ? t("screen.hands", { names: hands.map((id) => memberName(view, id)).join(", ") }) : "");
  activity.show(view);
  timer.show(view.timer, activity.clock());
}

async function start() {
  onLocaleChange(() => {
    render();
    activity.refresh();
  });
  await initI18n();
  byId("lang-switch").addEventListener("click", () => setLocale(getLocale() === "fr" ? "en" : "fr"));
  client.addEventListener("view", render);
  client.addEventListener("refused", (event) => {
    const error = byId("screen-error");
    error.hidden = false;
    error.textContent = errorMessage(/** @type {CustomEvent} */ (event).detail);
  });
  render();
  if (code.length !== 6) {
    const error = byId("screen-error");
    error.hidden = false;
    error.textContent = t("errors.not_found");
    return;
  }
  client.start({ type: "join", code, name: t("screen.memberName"), role: "observer" });
}

start();

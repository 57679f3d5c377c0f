/**
 * The replay viewer (`/replay/ID`, trainer access): the whole session on a timeline,
 * with markers for steps, phases, turns, votes and timers; drag to any moment and see
 * the room as a chosen audience saw it then — facilitators, participants, observers, the
 * projector, or one member with their own part — drawn by the activities' own modules in
 * read-only mode. Play and pause at 1×, 2× or 8×, skipping silences or not; the moment and
 * the audience are in the address (`#seq=N&as=…`) to share.
 *
 * Views come from `GET /api/sessions/ID/replay?seq=N&as=…`: the server's views at that
 * moment, so whatever was private live (a secret ballot, a client's notes) stays private.
 *
 * @module replay
 */

import { ActivityHost } from "./activity-host.js";
import { Announcer } from "./announcer.js";
import { byId, h, replaceChildren, setText } from "./dom.js";
import { getLocale, initI18n, onLocaleChange, setLocale, t } from "./i18n.js";
import { errorMessage } from "./preferences.js";
import { renderMembers } from "./session-ui.js";
import { formatDuration, remainingMs } from "./time.js";
import { api, setToken } from "./trainer-api.js";

const sessionId = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const announcer = new Announcer(byId("announcer"));
/** The viewer never sends: a module that tries is told it is read-only. */
const readOnlyClient = { send: () => Promise.reject({ code: "forbidden", message: "replay is read-only" }) };
let momentAt = 0;
const activity = new ActivityHost({ container: byId("activity"), client: /** @type {any} */ (readOnlyClient), announce: (text) => announcer.say(text), readOnly: true, serverNow: () => momentAt, face: "replay" });

const ui = {
  as: /** @type {HTMLSelectElement} */ (byId("replay-as")),
  seq: /** @type {HTMLInputElement} */ (byId("replay-seq")),
  speed: /** @type {HTMLSelectElement} */ (byId("replay-speed")),
  skip: /** @type {HTMLInputElement} */ (byId("replay-skip")),
  play: byId("replay-play"),
};

/** @type {{ lastSeq: number, startedAt: number, endedAt: number, markers: any[], members: any[] } | null} */
let timeline = null;
/** @type {any} */
let shown = null;
let playing = false;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let playTimer;
let request = 0;

const MARKER_KEYS = {
  stepChanged: "replay.marker.step", timerStarted: "replay.marker.timerStarted", timerElapsed: "replay.marker.timerElapsed",
  caseStarted: "replay.marker.case", phaseEntered: "replay.marker.phase", floorGiven: "replay.marker.floor",
  roundStarted: "replay.marker.roundStarted", roundEnded: "replay.marker.roundEnded", opened: "replay.marker.voteOpened",
  closed: "replay.marker.voteClosed", published: "replay.marker.votePublished", cancelled: "replay.marker.voteCancelled",
};

function clock(at) {
  return new Date(at).toLocaleTimeString(getLocale() === "fr" ? "fr-FR" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function readFragment() {
  const values = new URLSearchParams(location.hash.slice(1));
  if (values.has("token")) {
    setToken(values.get("token"));
    values.delete("token");
  }
  return { seq: Number(values.get("seq")) || 1, as: values.get("as") || "participant" };
}

function writeFragment() {
  history.replaceState(null, "", `#seq=${ui.seq.value}&as=${encodeURIComponent(ui.as.value)}`);
}

function renderAudiences() {
  const chosen = ui.as.value || readFragment().as;
  replaceChildren(ui.as, [
    h("option", { value: "facilitator", text: t("replay.audience.facilitator") }),
    h("option", { value: "participant", text: t("replay.audience.participant") }),
    h("option", { value: "observer", text: t("replay.audience.observer") }),
    h("option", { value: "projector", text: t("replay.audience.projector") }),
    ...(timeline?.members ?? []).map((member) =>
      h("option", { value: member.id, text: t("replay.audience.member", { name: member.name, role: t(`role.${member.role}`) }) })),
  ]);
  if ([...ui.as.options].some((option) => option.value === chosen)) ui.as.value = chosen;
}

function renderMarkers() {
  // The markers are also ticks on the range itself.
  replaceChildren(byId("replay-ticks"), (timeline?.markers ?? []).map((marker) => h("option", { value: String(marker.seq) })));
  replaceChildren(byId("replay-markers"), (timeline?.markers ?? []).map((marker) =>
    h("li", {}, h("button", { type: "button", class: "button button-link", onclick: () => go(marker.seq) },
      `${clock(marker.at)} · ${t(MARKER_KEYS[marker.kind] ?? "replay.marker.event")}`))));
}

function render() {
  byId("lang-switch").lang = getLocale() === "fr" ? "en" : "fr";
  if (!timeline || !shown) return;
  const view = shown.view;
  const steps = view.agenda?.steps ?? [];
  const current = view.agenda?.current ?? 0;
  setText(byId("replay-title"), t("replay.title", { title: view.session?.title ?? "" }));
  document.title = `${view.session?.title ?? ""} — ${t("replay.pageTitle")}`;
  setText(byId("replay-step"), steps[current] ? t("agenda.stepOf", { index: current + 1, count: steps.length, title: steps[current].title }) : "");
  const timer = view.timer;
  setText(byId("replay-timer"), timer ? `${t("timer.heading")} : ${formatDuration(remainingMs(timer, momentAt))} — ${t(`timer.status.${timer.status}`)}` : "");
  const elapsed = formatDuration(shown.at - timeline.startedAt);
  setText(byId("replay-position"), t("replay.position", { seq: shown.seq, last: timeline.lastSeq, time: clock(shown.at), elapsed }));
  ui.seq.setAttribute("aria-valuetext", t("replay.position", { seq: shown.seq, last: timeline.lastSeq, time: clock(shown.at), elapsed }));
  renderMembers(byId("replay-members"), view);
  ui.play.textContent = t(playing ? "replay.pause" : "replay.play");
  ui.play.setAttribute("aria-pressed", String(playing));
}

/** The document an audience's page would hold: the shared view, and the role its page had. */
function asDocument(answer) {
  const view = { ...answer.view };
  if (!view.me) {
    const role = { facilitator: "facilitator", participant: "participant" }[answer.as] ?? "observer";
    view.me = { role };
  }
  return view;
}

/** Shows the moment `seq` as the chosen audience saw it. */
async function go(seq) {
  if (!timeline) return;
  const target = Math.min(Math.max(1, Math.round(seq)), timeline.lastSeq);
  ui.seq.value = String(target);
  writeFragment();
  const ticket = ++request;
  try {
    const answer = await api(`/api/sessions/${encodeURIComponent(sessionId)}/replay?seq=${target}&as=${encodeURIComponent(ui.as.value)}`);
    if (ticket !== request) return;
    shown = answer;
    momentAt = answer.at;
    byId("replay-error").hidden = true;
    render();
    activity.show(asDocument(answer));
    return answer;
  } catch (error) {
    showError(error);
    stop();
  }
}

function showError(error) {
  const box = byId("replay-error");
  box.hidden = false;
  box.textContent = error?.status === 401 ? t("replay.signIn") : errorMessage(error);
}

function marker(direction) {
  const seq = Number(ui.seq.value);
  const markers = timeline?.markers ?? [];
  const found = direction > 0 ? markers.find((m) => m.seq > seq) : [...markers].reverse().find((m) => m.seq < seq);
  go(found ? found.seq : direction > 0 ? timeline.lastSeq : 1);
}

function stop() {
  playing = false;
  clearTimeout(playTimer);
  render();
}

/** Plays on from the shown moment, waiting the real gaps between events (divided by the speed; at most a second when skipping silences). */
function step() {
  if (!playing || !shown) return;
  if (shown.seq >= timeline.lastSeq) return stop();
  const gap = Math.max(0, (shown.nextAt ?? shown.at) - shown.at) / Number(ui.speed.value);
  const wait = ui.skip.checked ? Math.min(gap, 1000) : gap;
  playTimer = setTimeout(async () => {
    await go(shown.seq + 1);
    step();
  }, wait);
}

async function start() {
  onLocaleChange(() => {
    renderAudiences();
    renderMarkers();
    render();
    activity.refresh();
  });
  await initI18n();
  const fragment = readFragment();
  byId("lang-switch").addEventListener("click", () => setLocale(getLocale() === "fr" ? "en" : "fr"));
  try {
    timeline = await api(`/api/sessions/${encodeURIComponent(sessionId)}/timeline`);
  } catch (error) {
    showError(error);
    byId("replay-controls").hidden = true;
    return;
  }
  ui.seq.max = String(timeline.lastSeq);
  ui.as.value = fragment.as;
  renderAudiences();
  renderMarkers();
  ui.seq.addEventListener("input", () => go(Number(ui.seq.value)));
  ui.as.addEventListener("change", () => go(Number(ui.seq.value)));
  byId("replay-previous").addEventListener("click", () => marker(-1));
  byId("replay-next").addEventListener("click", () => marker(1));
  ui.play.addEventListener("click", () => {
    if (playing) return stop();
    playing = true;
    render();
    step();
  });
  document.addEventListener("keydown", (event) => {
    // Keys belong to the control that has the focus (Space presses a focused button).
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, select, textarea, button, a, summary")) return;
    if (event.key === "k" || event.key === " ") {
      event.preventDefault();
      ui.play.click();
    } else if (event.key === "j" || event.key === "PageUp") {
      marker(-1);
    } else if (event.key === "l" || event.key === "PageDown") {
      marker(1);
    }
  });
  await go(fragment.seq);
}

start();

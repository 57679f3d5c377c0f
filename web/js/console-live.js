/**
 * The console's live session: facilitates one session and draws its share
 * panel, agenda, timer, hands, members (roles, hand-over, removal), the
 * current activity as facilitators see it, and the exports.
 *
 * @module console-live
 */

import { ActivityHost } from "./activity-host.js";
import { byId, h, setText } from "./dom.js";
import { t } from "./i18n.js";
import { errorMessage, readPreference, writePreference } from "./preferences.js";
import { describeRefusal } from "./refusals.js";
import { SessionClient } from "./session-client.js";
import { ConnectionIndicator, handsAnnouncement, memberName, renderAgenda, renderHands, renderMembers } from "./session-ui.js";
import { TimerDisplay } from "./timer-display.js";
import { api, token } from "./trainer-api.js";

export class LiveConsole {
  #ui;
  #announcer;
  #client;
  #timer;
  #indicator;
  #activity;
  /** @type {any} the view drawn last */
  #shown = null;

  /**
   * @param {{ ui: Record<string, any>, announcer: import("./announcer.js").Announcer, sessionId: string, binding: object,
   *           onRefused: (refusal: { code: string, message: string }) => void }} options
   *   `binding`: the `facilitate` message, used when no membership is kept for the session
   */
  constructor({ ui, announcer, sessionId, binding, onRefused }) {
    this.#ui = ui;
    this.#announcer = announcer;
    const client = new SessionClient({ storageKey: `console:${sessionId}` });
    this.#client = client;
    this.#timer = new TimerDisplay({ time: byId("timer-time"), status: byId("timer-status"), announcer });
    this.#timer.sound = readPreference("atelier.timerSound") === "on";
    ui.timerSound.checked = this.#timer.sound;
    this.#indicator = new ConnectionIndicator({ root: byId("connection-status"), text: byId("connection-text"), retry: byId("connection-retry"), client, banner: byId("offline-banner") });
    this.#activity = new ActivityHost({
      container: byId("activity"), client, announce: (text) => announcer.say(text), serverNow: () => this.#timer.serverNow(),
      clockShown: true, face: "console", onMount: () => this.render(),
    });
    client.addEventListener("view", () => this.render());
    client.addEventListener("refused", (event) => onRefused(/** @type {CustomEvent} */ (event).detail));
    client.addEventListener("notice", (event) => announcer.say(describeRefusal(/** @type {CustomEvent} */ (event).detail)));
    this.#listen();
    this.#indicator.render();
    client.start(binding);
  }

  /** Draws everything again (after a language switch). */
  refresh() {
    setText(this.#ui.exportStatus, ""); // said in the other language: not left behind
    this.#indicator.render();
    this.#timer.render();
    this.render();
    this.#activity.refresh();
  }

  render() {
    const ui = this.#ui;
    const view = this.#client.view;
    if (!view) return;
    const steps = view.agenda?.steps ?? [];
    const current = view.agenda?.current ?? 0;
    const step = steps[current];
    const lead = view.me?.role === "facilitator";

    setText(ui.liveTitle, view.session?.title ?? "");
    document.title = `${view.session?.title ?? ""} — ${t("console.pageTitle")}`;
    setText(ui.liveStep, step ? t("agenda.stepOf", { index: current + 1, count: steps.length, title: step.title }) : "");
    setText(ui.activityHeading, step?.title ?? "");
    this.#renderShare(view.session?.joinCode ?? "");

    renderAgenda(ui.agenda, view, { goTo: (index) => this.command({ kind: "goToStep", index }) });
    ui.previous.disabled = current === 0;
    ui.next.disabled = current >= steps.length - 1;

    ui.hands.parentElement.hidden = view.activity?.view?.turns === true; // the activity runs its own turns
    renderHands(ui.hands, ui.handsEmpty, view, {
      giveFloor: (id) => this.command({ kind: "lowerHand", participant: id })
        .then(() => this.#announcer.say(t("hands.announce.floor", { name: memberName(this.#client.view, id) }))),
    });
    renderMembers(ui.members, view, { actions: (member) => this.#memberActions(member, view.me?.id, lead) });

    // A closed vote's ballots, for anyone to recount with `atelier tally`.
    const vote = view.activity?.id === "vote" ? view.activity.view : null;
    ui.exportBallots.hidden = !(vote && (vote.phase === "closed" || vote.phase === "published"));

    this.#activity.show(view);
    this.#renderTimer(view.timer ?? { status: "idle", durationMs: 0 }, step, current);
    if (this.#shown && this.#shown.agenda?.current !== current) this.#announcer.say(t("agenda.announce.step", { title: step?.title ?? "" }));
    else this.#announcer.say(handsAnnouncement(this.#shown, view));
    this.#shown = view;
  }

  /**
   * Sends an intent; a refusal is announced and shown.
   * @param {object} intent
   */
  async command(intent) {
    const notice = this.#ui.notice;
    try {
      await this.#client.send(intent);
      notice.hidden = true;
    } catch (error) {
      const text = describeRefusal(error);
      this.#announcer.say(text);
      setText(notice, text);
      notice.hidden = false;
    }
  }

  /** @param {string} code */
  #renderShare(code) {
    const ui = this.#ui;
    const link = `${location.origin}/join/${code}`;
    setText(ui.shareCode, code);
    ui.shareLink.value = link;
    ui.shareScreen.href = `/screen/${code}`;
    const qr = `/qr/${code}.svg`;
    if (ui.shareQR.getAttribute("src") !== qr) ui.shareQR.src = qr;
    ui.shareQR.alt = t("console.share.qrAlt", { link });
    ui.shareQR.hidden = !code;
  }

  /**
   * @param {import("./time.js").TimerView} timer
   * @param {any} step
   * @param {number} current
   */
  #renderTimer(timer, step, current) {
    const ui = this.#ui;
    // One countdown per moment: the activity's phase when it runs one (its own controls
    // extend it), the step timer otherwise (these controls).
    const moment = this.#activity.clock();
    this.#timer.show(timer, moment);
    ui.timerForm.hidden = moment !== null;
    ui.timerMoment.hidden = moment === null;
    setText(ui.timerMoment, moment ? t("timer.moment.console", { moment: moment.label }) : "");
    // The minutes field offers the step's timebox, unless the facilitator is typing in it.
    if (document.activeElement !== ui.timerMinutes && (this.#shown?.agenda?.current !== current || !ui.timerMinutes.value)) {
      ui.timerMinutes.value = String(Math.max(1, Math.round((step?.timeboxSeconds || 300) / 60)));
    }
    ui.timerStart.disabled = timer.status === "running";
    ui.timerPause.disabled = timer.status !== "running";
    ui.timerResume.disabled = timer.status !== "paused";
    ui.timerExtend.disabled = timer.status !== "running" && timer.status !== "paused";
    ui.timerReset.disabled = timer.status === "idle";
  }

  /**
   * Role, hand-over and removal controls for one member row.
   * @param {{ id: string, name: string, role: string }} member
   * @param {string} me
   * @param {boolean} lead
   */
  #memberActions(member, me, lead) {
    if (member.id === me || member.role === "facilitator") return null;
    if (!lead && member.role === "cofacilitator") return null;
    const roles = lead ? ["participant", "observer", "cofacilitator"] : ["participant", "observer"];
    const select = h(
      "select",
      { id: `role-${member.id}`, class: "input input-small", "aria-label": t("members.roleOf", { name: member.name }) },
      roles.map((role) => h("option", { value: role, selected: role === member.role, text: t(`role.${role}`) })),
    );
    select.addEventListener("change", () => this.command({ kind: "setRole", participant: member.id, role: select.value }));
    const confirmed = (question, intent) => () => confirm(question) && this.command(intent);
    return h(
      "span",
      { class: "member-actions" },
      select,
      lead && member.role !== "observer"
        ? h("button", {
          type: "button", class: "button button-small button-secondary", "aria-label": t("members.handOverTo", { name: member.name }),
          onclick: confirmed(t("members.handOverConfirm", { name: member.name }), { kind: "handOver", participant: member.id }),
        }, t("members.handOver"))
        : null,
      h("button", {
        type: "button", class: "button button-small button-danger", "aria-label": t("members.removeNamed", { name: member.name }),
        onclick: confirmed(t("members.removeConfirm", { name: member.name }), { kind: "remove", participant: member.id }),
      }, t("members.remove")),
    );
  }

  /** The controls of the live view, wired once. */
  #listen() {
    const ui = this.#ui;
    ui.previous.addEventListener("click", () => this.command({ kind: "previousStep" }));
    ui.next.addEventListener("click", () => this.command({ kind: "nextStep" }));
    ui.timerForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const minutes = Number(ui.timerMinutes.value);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
        setText(ui.shareStatus, t("timer.minutesInvalid"));
        return;
      }
      this.command({ kind: "startTimer", seconds: minutes * 60 });
    });
    ui.timerPause.addEventListener("click", () => this.command({ kind: "pauseTimer" }));
    ui.timerResume.addEventListener("click", () => this.command({ kind: "resumeTimer" }));
    ui.timerExtend.addEventListener("click", () => this.command({ kind: "extendTimer", seconds: 60 }));
    ui.timerReset.addEventListener("click", () => this.command({ kind: "resetTimer" }));
    ui.timerSound.addEventListener("change", () => {
      this.#timer.sound = ui.timerSound.checked;
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
    ui.exportMinutes.addEventListener("click", () => this.#showMinutes());
    ui.minutesPrint.addEventListener("click", () => this.#printMinutes());
    ui.minutesMarkdown.addEventListener("click", () => this.#download("minutes", "md"));
    ui.exportLog.addEventListener("click", () => this.#download("log", "jsonl"));
    ui.exportHtml.addEventListener("click", () => this.#download("minutes?format=html", "html"));
    ui.exportCsv.addEventListener("click", () => this.#download("contributions", "csv"));
    ui.exportBallots.addEventListener("click", () => {
      const step = this.#client.view?.agenda?.current ?? 0;
      this.#download(`steps/${step}/export`, "json", `bulletins-etape-${step + 1}`);
    });
  }

  /* ---------- Export (needs the trainer token: an invited co-facilitator has none) ---------- */

  /** @param {string} kind `minutes`, `minutes?format=html`, `contributions` or `log` */
  async #export(kind) {
    setText(this.#ui.exportStatus, "");
    const id = this.#client.view?.session?.id ?? this.#client.membership?.session ?? "";
    if (!token()) {
      setText(this.#ui.exportStatus, t("console.export.needsToken"));
      return null;
    }
    try {
      return { id, response: await api(`/api/sessions/${encodeURIComponent(id)}/${kind}`, { raw: true }) };
    } catch (error) {
      setText(this.#ui.exportStatus, t(error.status === 401 ? "console.export.needsToken" : "errors.internal"));
      return null;
    }
  }

  /**
   * The minutes as a document, not Markdown: the server's printable page (escaped, no
   * script) is parsed and its content shown here, ready to print or save as PDF.
   */
  async #showMinutes() {
    const exported = await this.#export("minutes?format=html");
    if (!exported) return;
    // The page's own style sheet is for the standalone download: left out here (the console's
    // style applies, and the page's Content-Security-Policy allows no inline style).
    const html = (await exported.response.text()).replace(/<style>[\s\S]*?<\/style>/, "");
    const page = new DOMParser().parseFromString(html, "text/html");
    const content = page.querySelector("main");
    this.#ui.minutes.replaceChildren(...(content ? [...content.childNodes].map((node) => document.importNode(node, true)) : []));
    this.#ui.minutes.hidden = false;
    this.#ui.minutesActions.hidden = false;
    this.#ui.minutes.focus();
  }

  /** Prints the minutes alone (the print style sheet hides the console around them). */
  #printMinutes() {
    document.body.classList.add("printing-minutes");
    addEventListener("afterprint", () => document.body.classList.remove("printing-minutes"), { once: true });
    print();
  }

  /**
   * Downloads an export as a file named after the session.
   * @param {string} kind the API path after the session's id
   * @param {string} extension the file's extension
   * @param {string} [label] what the file name says after the session's id
   */
  async #download(kind, extension, label) {
    const exported = await this.#export(kind);
    if (!exported) return;
    const url = URL.createObjectURL(await exported.response.blob());
    const name = label ?? { html: "compte-rendu", md: "compte-rendu", csv: "contributions" }[extension];
    const link = h("a", { href: url, download: name ? `${exported.id}-${name}.${extension}` : `${exported.id}.${extension}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setText(this.#ui.exportStatus, t("console.export.downloaded", { file: link.getAttribute("download") ?? "" }));
  }
}

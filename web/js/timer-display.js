/**
 * The session timer as a visible countdown, with announcements at its start,
 * one minute before the end and at the end, and an optional soft chime at the
 * end (Web Audio: no sound file, nothing to load).
 *
 * @module timer-display
 */

import { setText } from "./dom.js";
import { t } from "./i18n.js";
import { ServerClock, formatDuration, remainingMs } from "./time.js";

/** @typedef {import("./time.js").TimerView} TimerView */

export class TimerDisplay {
  #clock = new ServerClock();
  /** @type {TimerView | null} */
  #timer = null;
  #element;
  #statusElement;
  #announcer;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #tick;
  #warned = false;
  /** Whether a chime plays when the timer ends. */
  sound = false;

  /**
   * @param {{ time: HTMLElement, status: HTMLElement, announcer: import("./announcer.js").Announcer }} elements
   *   `time` shows the countdown (not a live region: it changes every second),
   *   `status` the timer's state in words.
   */
  constructor({ time, status, announcer }) {
    this.#element = time;
    this.#statusElement = status;
    this.#announcer = announcer;
  }

  /** @returns {number} the server's clock as this display estimates it (ms since 1970). */
  serverNow() {
    return this.#clock.now();
  }

  /** @type {string | null} the moment shown instead of the step timer (a phase's name) */
  #label = null;

  /**
   * Shows the step timer, or the activity's moment when it runs one: one countdown per moment.
   * @param {TimerView | undefined} stepTimer the view's `timer` slice
   * @param {{ deadline: number, label: string } | null} [moment] the activity's clock
   */
  show(stepTimer, moment = null) {
    if (!moment) return this.update(stepTimer);
    const now = this.#clock.now();
    const timer = moment.deadline > now
      ? { status: "running", deadline: moment.deadline, durationMs: Math.max(moment.deadline - now, 86_400_000) }
      : { status: "elapsed", durationMs: 0, remainingMs: 0 };
    this.update(/** @type {TimerView} */ (timer), moment.label);
  }

  /**
   * @param {TimerView | undefined} timer the view's `timer` slice, or a moment's
   * @param {string | null} [label] the moment's name when it is not the step timer
   */
  update(timer, label = null) {
    if (!timer) return;
    // Another source (the step timer, a phase, the next phase): no "started" or "ended" announced for the switch.
    const sameSource = label === this.#label;
    this.#label = label;
    const previous = sameSource ? this.#timer : null;
    this.#timer = timer;
    const started = timer.status === "running" && previous?.status !== "running";
    if (started && previous && previous.status !== "paused") this.#clock.observeStart(timer);
    if (previous && timer.status !== previous.status) this.#announceStatus(timer, previous);
    if (timer.status !== "running" || started) this.#warned = false;
    clearInterval(this.#tick);
    if (timer.status === "running") this.#tick = setInterval(() => this.render(), 250);
    this.render();
  }

  /** Redraws (also after a language switch). */
  render() {
    const timer = this.#timer;
    if (!timer) return;
    const left = remainingMs(timer, this.#clock.now());
    setText(this.#element, formatDuration(left));
    this.#element.dataset.status = timer.status;
    this.#element.dataset.source = this.#label === null ? "step" : "moment";
    setText(this.#statusElement, this.#label === null
      ? t(`timer.status.${timer.status}`)
      : t(timer.status === "elapsed" ? "timer.moment.over" : "timer.moment.running", { moment: this.#label }));
    if (timer.status === "running" && !this.#warned && left <= 60_000 && timer.durationMs > 60_000 && left > 0) {
      this.#warned = true;
      this.#announcer.say(t("timer.announce.oneMinute"));
    }
  }

  /**
   * @param {TimerView} timer
   * @param {TimerView} previous
   */
  #announceStatus(timer, previous) {
    if (timer.status === "running") {
      this.#announcer.say(t(previous.status === "paused" ? "timer.announce.resumed" : "timer.announce.started", {
        duration: formatDuration(remainingMs(timer, this.#clock.now())),
      }));
    } else if (timer.status === "paused") {
      this.#announcer.say(t("timer.announce.paused"));
    } else if (timer.status === "elapsed") {
      this.#announcer.say(t("timer.announce.elapsed"));
      if (this.sound) chime();
    }
  }
}

/** A soft two-note chime, about a second long. */
export function chime() {
  try {
    const context = new AudioContext();
    const now = context.currentTime;
    [660, 880].forEach((frequency, index) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      const start = now + index * 0.35;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.65);
    });
    setTimeout(() => context.close(), 1500);
  } catch {
    // No audio: the visual and spoken signals remain.
  }
}

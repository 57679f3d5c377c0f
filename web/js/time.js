/**
 * Time helpers: durations as text, and the session timer read against the
 * server's clock.
 *
 * @module time
 */

/**
 * `mm:ss`, or `h:mm:ss` from one hour; rounds up so that "0:00" means done.
 * @param {number} ms
 * @returns {string}
 */
export function formatDuration(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * The timer slice of the view (see docs/protocol.md).
 * @typedef {{ status: "idle" | "running" | "paused" | "elapsed", durationMs: number, deadline?: number, remainingMs?: number }} TimerView
 */

/**
 * Estimates the server clock from timer starts: when a timer is seen to start
 * live, the server's clock read `deadline - durationMs` at about that moment.
 * Until a start is seen, the local clock is trusted (offset 0).
 */
export class ServerClock {
  /** Milliseconds to add to `Date.now()` to read the server's clock. */
  offset = 0;

  /**
   * Call when a patch shows a timer that has just started (status became `running` with the
   * whole duration ahead).
   * @param {TimerView} timer
   * @param {number} [localNow]
   */
  observeStart(timer, localNow = Date.now()) {
    if (timer.status !== "running" || typeof timer.deadline !== "number") return;
    const estimate = timer.deadline - timer.durationMs - localNow;
    // Only a start seen live is informative: skip a difference larger than a minute.
    if (Math.abs(estimate) < 60_000) this.offset = estimate;
  }

  /** @returns {number} the server's time now, in ms since 1970. */
  now() {
    return Date.now() + this.offset;
  }
}

/**
 * Time left on the timer, in ms, never negative and never above its duration.
 * @param {TimerView} timer
 * @param {number} serverNow
 * @returns {number}
 */
export function remainingMs(timer, serverNow) {
  switch (timer.status) {
    case "running":
      return Math.min(timer.durationMs, Math.max(0, (timer.deadline ?? serverNow) - serverNow));
    case "paused":
      return Math.max(0, timer.remainingMs ?? 0);
    case "elapsed":
      return 0;
    default:
      return timer.durationMs;
  }
}

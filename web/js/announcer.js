/**
 * Screen-reader announcements through one polite ARIA live region, without
 * flooding: the same text is not repeated, and announcements closer than
 * `minGap` ms are merged into the latest.
 *
 * @module announcer
 */

export class Announcer {
  #region;
  #minGap;
  #last = "";
  #lastAt = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #timer;

  /**
   * @param {HTMLElement} region an element with `aria-live="polite"` (visually hidden)
   * @param {{ minGap?: number }} [options]
   */
  constructor(region, { minGap = 1500 } = {}) {
    this.#region = region;
    this.#minGap = minGap;
  }

  /** @param {string} text */
  say(text) {
    if (!text || text === this.#last) return;
    clearTimeout(this.#timer);
    const wait = Math.max(0, this.#lastAt + this.#minGap - Date.now());
    this.#timer = setTimeout(() => {
      this.#last = text;
      this.#lastAt = Date.now();
      this.#region.textContent = text;
    }, wait);
  }
}

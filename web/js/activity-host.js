/**
 * Shows the current step's activity with its browser module
 * (`/activities/<id>/index.js`, named by the view's `activity.module`), after
 * adding the strings of the same folder (`/activities/<id>/i18n.json`) to the
 * page's catalogues. The contract a module follows is documented in
 * docs/web-client.md.
 *
 * @module activity-host
 */

import { h, replaceChildren } from "./dom.js";
import { getLocale, loadStrings, t } from "./i18n.js";
import { describeRefusal } from "./refusals.js";
import { memberName, membersInOrder } from "./session-ui.js";

/**
 * What a module gets when it is mounted.
 * @typedef {object} ActivityAPI
 * @property {(intent: object) => Promise<{ seq: number }>} send sends an activity intent; rejects with `{code, message}`
 * @property {(key: string, params?: Record<string, string | number>) => string} t translates (`activity.<id>.*` keys come from the folder's `i18n.json`)
 * @property {() => string} locale the page's locale, `fr` or `en`
 * @property {typeof h} h the element builder of dom.js
 * @property {(text: string) => void} announce says something through the page's polite live region
 * @property {(refusal: any) => string} describe a refusal (`{code, reason, params}`) as a sentence in the reader's language, from the activity's `refusal.*` strings or the shell's
 */

/**
 * What a module learns at each update, besides its own view.
 * @typedef {object} ActivityContext
 * @property {any} me the view's `me` slice (`id`, `name`, `role`, `activity` for private views)
 * @property {string} role the member's role (`facilitator`, `cofacilitator`, `participant`, `observer`)
 * @property {boolean} facilitates whether the member leads or co-leads
 * @property {boolean} readOnly true on the projector view: show, never offer to act
 * @property {number} step the agenda step this activity belongs to
 * @property {(id: string) => string} memberName a member's display name
 * @property {Array<{ id: string, name: string, role: string, online: boolean }>} members the session's members, in join order
 * @property {() => number} serverNow the server's clock (ms since 1970), for deadlines in activity views
 * @property {string} sessionLocale the session's language (`fr`, `en`): what members wrote is in it, whatever the page's
 * @property {"participant" | "console" | "projector" | "replay"} face the page drawing the activity: the projector lays it out for a room, on one screen
 * @property {boolean} clockShown true when the page's big countdown follows the activity's {@link ActivityInstance.clock}: the module need not draw its own
 */

/**
 * @typedef {object} ActivityInstance
 * @property {(view: any, context: ActivityContext) => void} update draws the activity's view
 * @property {() => void} [unmount] releases timers and listeners
 * @property {() => ({ deadline: number, label: string } | null)} [clock] the deadline of the moment the activity runs now (a phase, a turn), with its name; the page's big countdown then follows it instead of the step timer
 */

/** @typedef {{ mount: (container: HTMLElement, api: ActivityAPI) => ActivityInstance }} ActivityModule */

/** Where activity modules may come from: an activity's folder in this server's `/activities/` only. */
const MODULE_PATH = /^\/activities\/([a-z0-9-]+)\/index\.js$/;

export class ActivityHost {
  #container;
  #client;
  #announce;
  #readOnly;
  /** @type {string | null} `module@step` currently mounted */
  #mountedKey = null;
  /** @type {ActivityInstance | null} */
  #instance = null;
  /** @type {any} */
  #lastView = null;
  #loading = 0;

  /** @type {() => number} */
  #serverNow;

  /**
   * @param {{ container: HTMLElement, client: import("./session-client.js").SessionClient, announce: (text: string) => void, readOnly?: boolean, serverNow?: () => number, onMount?: () => void, clockShown?: boolean, face?: ActivityContext["face"] }} options
   */
  #onMount;
  #clockShown;
  /** @type {ActivityContext["face"]} */
  #face;

  /**
   * `onMount` is called once a module is mounted and drawn (the page may then redraw what
   * depends on it, such as the countdown); `clockShown`: the page's countdown follows the
   * activity's clock.
   */
  constructor({ container, client, announce, readOnly = false, serverNow = () => Date.now(), onMount = () => {}, clockShown = false, face = "participant" }) {
    this.#face = face;
    this.#onMount = onMount;
    this.#clockShown = clockShown;
    this.#serverNow = serverNow;
    this.#container = container;
    this.#client = client;
    this.#announce = announce;
    this.#readOnly = readOnly;
  }

  /** @param {any} view the whole view document */
  async show(view) {
    this.#lastView = view;
    const activity = view?.activity;
    if (!activity) return;
    const key = `${activity.module}@${activity.step}`;
    if (key !== this.#mountedKey) {
      const ticket = ++this.#loading;
      this.#instance?.unmount?.();
      this.#instance = null;
      this.#mountedKey = key;
      replaceChildren(this.#container, h("p", { class: "muted", text: t("activity.loading") }));
      const module = await this.#load(activity.module);
      if (ticket !== this.#loading) return; // a newer step replaced this one while loading
      replaceChildren(this.#container);
      if (!module) {
        replaceChildren(this.#container, h("p", { class: "notice", text: t("activity.unavailable", { id: activity.id }) }));
        return;
      }
      this.#container.dataset.face = this.#face;
      this.#instance = module.mount(this.#container, this.#api());
      this.#update();
      this.#onMount();
      return;
    }
    this.#update();
  }

  /**
   * The deadline of the moment the mounted activity runs now, if it runs timed moments
   * (a co-development phase): the page's countdown follows it instead of the step timer.
   * @returns {{ deadline: number, label: string } | null}
   */
  clock() {
    try {
      return this.#instance?.clock?.() ?? null;
    } catch (error) {
      console.error("Atelier: the activity module's clock failed", error);
      return null;
    }
  }

  /** Draws again with the last view (after a language switch). */
  refresh() {
    if (this.#instance) this.#update();
  }

  #update() {
    const view = this.#lastView;
    const role = view?.me?.role ?? "observer";
    try {
      this.#instance?.update(view.activity.view ?? {}, {
        me: view.me,
        role,
        facilitates: role === "facilitator" || role === "cofacilitator",
        readOnly: this.#readOnly,
        step: view.activity.step,
        memberName: (id) => memberName(this.#lastView, id),
        members: membersInOrder(view),
        serverNow: this.#serverNow,
        clockShown: this.#clockShown,
        face: this.#face,
        sessionLocale: view.session?.locale ?? "fr",
      });
    } catch (error) {
      console.error("Atelier: the activity module failed to draw", error);
    }
  }

  /** The id of the mounted activity (`peer-consultation`), from its module's path. */
  #activityID() {
    return MODULE_PATH.exec(this.#lastView?.activity?.module ?? "")?.[1];
  }

  /** @returns {ActivityAPI} */
  #api() {
    return {
      send: (intent) => this.#client.send({ kind: "activity", intent }),
      t,
      locale: getLocale,
      h,
      announce: this.#announce,
      describe: (refusal) => describeRefusal(refusal, { activity: this.#activityID() }),
    };
  }

  /**
   * Loads an activity's module and, by convention from the same folder, its
   * strings (`i18n.json`, keys `activity.<id>.*`). Strings that do not load
   * are logged; the module still mounts (it then shows keys).
   *
   * @param {string} path `/activities/<id>/index.js`
   * @returns {Promise<ActivityModule | null>}
   */
  async #load(path) {
    const match = typeof path === "string" ? MODULE_PATH.exec(path) : null;
    if (!match) return null;
    const strings = `/activities/${match[1]}/i18n.json`;
    try {
      const [module] = await Promise.all([
        import(path),
        loadStrings(strings, { prefix: `activity.${match[1]}.` })
          .catch((error) => console.error(`Atelier: cannot load ${strings}`, error)),
      ]);
      return typeof module.default?.mount === "function" ? module.default : null;
    } catch (error) {
      console.error(`Atelier: cannot load ${path}`, error);
      return null;
    }
  }
}

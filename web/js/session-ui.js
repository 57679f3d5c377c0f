/**
 * Pieces every face of a live session shows: the connection indicator, the
 * agenda, who is present, the hand queue, and the current activity's module.
 *
 * @module session-ui
 */

import { h, replaceChildren, setText } from "./dom.js";
import { t } from "./i18n.js";

/**
 * Members of the view, in join order.
 * @param {any} view
 * @returns {Array<{ id: string, name: string, role: string, online: boolean, order: number }>}
 */
export function membersInOrder(view) {
  return Object.entries(view?.members ?? {})
    .map(([id, member]) => ({ id, ...member }))
    .sort((a, b) => a.order - b.order);
}

/**
 * A member's display name, or a neutral label for an unknown id.
 * @param {any} view
 * @param {string} id
 * @returns {string}
 */
export function memberName(view, id) {
  return view?.members?.[id]?.name ?? t("members.unknown");
}

/**
 * Shows the connection and session status: connected, reconnecting (with the delay),
 * offline; the retry button skips the wait.
 */
export class ConnectionIndicator {
  #root;
  #text;
  #retry;
  /** @type {import("./connection.js").StateChange} */
  #change = { state: "connecting", delay: 0, attempt: 0 };
  /** @type {ReturnType<typeof setInterval> | undefined} */
  #countdown;
  #retryAt = 0;
  /** @type {HTMLElement | null} */
  #banner;

  /**
   * @param {{ root: HTMLElement, text: HTMLElement, retry: HTMLButtonElement, client: import("./session-client.js").SessionClient, banner?: HTMLElement | null }} parts
   * `banner`: shown at the top of the page while the connection is lost
   */
  constructor({ root, text, retry, client, banner = null }) {
    this.#banner = banner;
    this.#root = root;
    this.#text = text;
    this.#retry = retry;
    retry.addEventListener("click", () => client.connection.reconnectNow());
    client.addEventListener("connection", (event) => {
      this.#change = /** @type {CustomEvent} */ (event).detail;
      this.#retryAt = Date.now() + this.#change.delay;
      this.render();
    });
  }

  render() {
    const { state, attempt } = this.#change;
    const shown = state === "open" ? "open" : state === "closed" ? "closed" : attempt > 0 ? "offline" : "connecting";
    this.#root.dataset.state = shown;
    // Lost: the page says so where it is seen, and one's own presence is shown as it really is.
    document.body.dataset.connection = shown;
    if (this.#banner) {
      this.#banner.hidden = shown !== "offline";
      setText(this.#banner, t("connection.banner"));
    }
    clearInterval(this.#countdown);
    if (shown === "offline" && state === "offline") {
      const draw = () => {
        const seconds = Math.max(1, Math.ceil((this.#retryAt - Date.now()) / 1000));
        setText(this.#text, t("connection.offline", { seconds }));
      };
      draw();
      this.#countdown = setInterval(draw, 1000);
    } else {
      setText(this.#text, t(shown === "offline" ? "connection.reconnecting" : `connection.${shown}`));
    }
    this.#retry.hidden = shown === "open" || shown === "closed" || attempt === 0;
    this.#retry.setAttribute("aria-disabled", String(state !== "offline"));
  }
}

/**
 * The agenda as an ordered list, the current step marked with `aria-current="step"`.
 * @param {HTMLOListElement} list
 * @param {any} view
 * @param {{ goTo?: (index: number) => void }} [options] facilitators: each step becomes a button
 */
export function renderAgenda(list, view, { goTo } = {}) {
  const steps = view?.agenda?.steps ?? [];
  const current = view?.agenda?.current ?? 0;
  replaceChildren(
    list,
    steps.map((step, index) => {
      const label = [
        h("span", { class: "agenda-index", text: `${index + 1}.` }),
        " ",
        h("span", { class: "agenda-title", text: step.title }),
        step.timeboxSeconds > 0 ? h("span", { class: "agenda-timebox", text: t("agenda.minutes", { minutes: Math.round(step.timeboxSeconds / 60) }) }) : null,
      ];
      const item = h(
        "li",
        { class: "agenda-step", "aria-current": index === current ? "step" : null, dataset: { state: index < current ? "done" : index === current ? "current" : "next" } },
        goTo && index !== current
          ? h("button", { type: "button", class: "agenda-goto", onclick: () => goTo(index), "aria-label": t("agenda.goTo", { title: step.title }) }, label)
          : label,
      );
      return item;
    }),
  );
}

/**
 * Who is present: name, role, online state.
 * @param {HTMLUListElement} list
 * @param {any} view
 * @param {{ actions?: (member: ReturnType<typeof membersInOrder>[number]) => any }} [options]
 */
export function renderMembers(list, view, { actions } = {}) {
  const me = view?.me?.id;
  replaceChildren(
    list,
    membersInOrder(view).map((member) =>
      h(
        "li",
        { class: "member", dataset: { online: String(member.online), role: member.role, member: member.id } },
        h("span", { class: "presence-dot", "aria-hidden": "true" }),
        h("span", { class: "member-name", text: member.name }),
        member.id === me ? h("span", { class: "member-tag", text: t("members.you") }) : null,
        member.id === me ? h("span", { class: "member-offline", text: t("members.youOffline") }) : null,
        h("span", { class: "member-role", text: t(`role.${member.role}`) }),
        h("span", { class: "visually-hidden", text: t(member.online ? "members.online" : "members.offline") }),
        actions ? actions(member) : null,
      ),
    ),
  );
  const online = membersInOrder(view).filter((member) => member.online).length;
  list.setAttribute("aria-label", t("members.count", { online, total: membersInOrder(view).length }));
}

/**
 * The raised hands, first raised first.
 * @param {HTMLOListElement} list
 * @param {HTMLElement} empty shown when nobody waits
 * @param {any} view
 * @param {{ giveFloor?: (id: string) => void }} [options] facilitators: a button per hand
 */
export function renderHands(list, empty, view, { giveFloor } = {}) {
  const hands = view?.hands ?? [];
  empty.hidden = hands.length > 0;
  replaceChildren(
    list,
    hands.map((id, index) =>
      h(
        "li",
        { class: "hand", dataset: { member: id } },
        h("span", { class: "hand-rank", text: `${index + 1}.` }),
        " ",
        h("span", { class: "hand-name", text: memberName(view, id) }),
        giveFloor
          ? h("button", { type: "button", class: "button button-small", onclick: () => giveFloor(id), "aria-label": t("hands.giveFloorTo", { name: memberName(view, id) }) }, t("hands.giveFloor"))
          : null,
      ),
    ),
  );
}

/**
 * Text announcing a change of the hand queue's head ("Camille a la parole ensuite"), or "".
 * @param {any} before
 * @param {any} after
 * @returns {string}
 */
export function handsAnnouncement(before, after) {
  const first = after?.hands?.[0];
  if (!first || first === before?.hands?.[0]) return "";
  return t("hands.announce.next", { name: memberName(after, first) });
}

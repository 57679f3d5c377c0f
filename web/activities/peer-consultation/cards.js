/**
 * The cards of a co-development case: each card with its kind, request tag,
 * author, flag, answer and precision, plus what the reader may do with it now
 * (the client answers a question or asks for precision, on demand; the
 * facilitator flags advice in disguise).
 *
 * Current action first: the cards of the current phase come first, newest
 * first, grouped by the item of the request they answer during the
 * consultation; the cards of earlier phases are collapsed below (the
 * projector leaves them out). The list is updated in place — a card is moved
 * only when its place changes — so a reply being typed survives other
 * people's changes.
 *
 * @module activities/peer-consultation/cards
 */

import { textForm } from "./parts.js";

const P = "activity.peer-consultation";
const PHASES = ["subject", "expose", "clarification", "contract", "consultation", "synthesis", "learnings"];

/** @typedef {import("./reader.js").Reader} Reader */

/**
 * Where a card goes: its group's key and heading, in page order.
 * @param {any} card
 * @param {any} view
 * @returns {{ key: string, rank: number, item?: number }}
 */
function placeOf(card, view) {
  if (card.phase !== view.phase) return { key: `earlier:${card.phase}`, rank: 1000 + PHASES.indexOf(card.phase) };
  if (view.phase === "consultation" && view.contract.length > 0) {
    const item = typeof card.tag === "number" && view.contract[card.tag] !== undefined ? card.tag : -1;
    return { key: `item:${item}`, rank: item < 0 ? 999 : item, item };
  }
  return { key: "current", rank: 0 };
}

export class CardList {
  /** The `<ul>` to place in the page. */
  element;
  #api;
  #act;
  #describe;
  /** Card id → its list item and what it was drawn from. */
  #items = new Map();
  /** Group key → its section and list. */
  #groups = new Map();
  /** The cards of this phase, then the collapsed earlier phases. */
  #current;
  #earlier;
  #earlierSummary;
  #earlierBody;

  /**
   * @param {{ api: import("../../js/activity-host.js").ActivityAPI, act: (intent: object) => Promise<unknown>, describe: (error: any) => string }} options
   */
  constructor({ api, act, describe }) {
    this.#api = api;
    this.#act = act;
    this.#describe = describe;
    const { h } = api;
    this.#current = h("div", { class: "pc-current" });
    this.#earlierSummary = h("summary");
    this.#earlierBody = h("div", { class: "pc-earlier-body" });
    this.#earlier = h("details", { class: "pc-earlier", hidden: true }, this.#earlierSummary, this.#earlierBody);
    this.element = h("div", { class: "pc-card-groups", dataset: { testid: "cards" } }, this.#current, this.#earlier);
  }

  /**
   * New cards are appended, changed ones redrawn (keeping a reply being typed), removed ones dropped.
   * @param {any} view the activity's view
   * @param {Reader} reader
   */
  render(view, reader) {
    const ids = new Set(view.cards.map((card) => card.id));
    for (const [id, entry] of this.#items) {
      if (!ids.has(id)) {
        entry.item.remove();
        this.#items.delete(id);
      }
    }
    for (const card of view.cards) {
      const signature = JSON.stringify([card, reader.isClient, reader.lead, reader.readOnly, view.phase, view.clientListens, view.contract, this.#api.locale()]);
      const entry = this.#items.get(card.id);
      if (entry?.signature === signature) continue;
      const item = this.#card(card, view, reader);
      if (entry) {
        const typed = entry.item.querySelector("input, textarea");
        const field = item.querySelector("input, textarea");
        if (typed && field) {
          field.value = typed.value;
          // A reply being typed stays open.
          const form = field.closest("form");
          if (form && typed.closest("form")?.hidden === false) {
            form.hidden = false;
            form.previousElementSibling?.setAttribute("aria-expanded", "true");
          }
        }
        entry.item.replaceWith(item);
      }
      this.#items.set(card.id, { item, signature });
    }
    this.#place(view, reader);
  }

  /**
   * Puts every card in its group, newest first in this phase, in order of posting for earlier
   * phases; moves only what is out of place.
   * @param {any} view
   * @param {Reader} reader
   */
  #place(view, reader) {
    const { h, t } = this.#api;
    /** @type {Map<string, { rank: number, item?: number, cards: any[] }>} */
    const wanted = new Map();
    for (const card of view.cards) {
      const place = placeOf(card, view);
      if (place.key.startsWith("earlier:") && reader.face === "projector") continue;  // the room sees this phase
      const group = wanted.get(place.key) ?? { ...place, cards: [] };
      group.cards.push(card);
      wanted.set(place.key, group);
    }
    for (const [key, entry] of this.#groups) {
      if (!wanted.has(key)) {
        entry.root.remove();
        this.#groups.delete(key);
      }
    }
    const ordered = [...wanted.entries()].sort((a, b) => a[1].rank - b[1].rank);
    const counts = [];
    for (const [key, group] of ordered) {
      let entry = this.#groups.get(key);
      if (!entry) {
        const heading = h("h4", { class: "pc-group-title" });
        const list = h("ul", { class: "pc-card-list" });
        entry = { root: h("section", { class: "pc-group", dataset: { group: key } }, heading, list), heading, list };
        this.#groups.set(key, entry);
      }
      const earlier = key.startsWith("earlier:");
      const phase = key.slice("earlier:".length);
      entry.heading.hidden = key === "current";
      entry.heading.textContent = earlier ? t(`${P}.phaseShort.${phase}`)
        : group.item === undefined || group.item < 0 ? t(`${P}.cards.untagged`)
        : t(`${P}.cards.group`, { number: group.item + 1, item: view.contract[group.item] });
      const cards = earlier ? group.cards : [...group.cards].reverse();
      insertInOrder(entry.list, cards.map((card) => this.#items.get(card.id).item));
      if (earlier) counts.push(t(`${P}.cards.earlierCount`, { phase: t(`${P}.phaseShort.${phase}`), count: group.cards.length }));
    }
    insertInOrder(this.#current, ordered.filter(([key]) => !key.startsWith("earlier:")).map(([key]) => this.#groups.get(key).root));
    insertInOrder(this.#earlierBody, ordered.filter(([key]) => key.startsWith("earlier:")).map(([key]) => this.#groups.get(key).root));
    this.#earlier.hidden = counts.length === 0;
    this.#earlierSummary.textContent = t(`${P}.cards.earlier`, { phases: counts.join(", ") });
  }


  /**
   * @param {any} card
   * @param {any} view
   * @param {Reader} reader
   */
  #card(card, view, { isClient, lead, readOnly, name }) {
    const { h, t } = this.#api;
    const tag = typeof card.tag === "number" && view.contract[card.tag] ? t(`${P}.cards.tag`, { number: card.tag + 1 }) : null;
    const kindLabel = card.kind === "learning" && card.frame ? t(`${P}.frame.${card.frame}`) : t(`${P}.kind.${card.kind}`);
    const item = h("li", { class: "pc-card", dataset: { kind: card.kind, card: String(card.id), flagged: String(card.flagged) } },
      h("p", { class: "pc-card-meta" },
        h("span", { class: "pc-badge", text: kindLabel }),
        tag ? h("span", { class: "pc-badge pc-badge-tag", text: tag }) : null,
        h("span", { class: "muted", text: name(card.author) }),
        card.flagged ? h("span", { class: "pc-badge pc-badge-flag", text: t(`${P}.cards.flagged`) }) : null),
      h("p", { class: "pc-card-text", text: card.text }),
      card.answer ? h("p", { class: "pc-card-answer" }, h("strong", { text: t(`${P}.cards.answer`) }), " ", card.answer) : null,
      card.precision ? h("p", { class: "pc-card-answer" }, h("strong", { text: t(`${P}.cards.precision`) }), " ", card.precision) : null);
    if (readOnly) return item;
    const phase = view.phase;
    if (isClient && phase === "clarification" && card.kind === "question" && !card.answer) {
      item.append(this.#reply("answer", card.id, t(`${P}.cards.answerLabel`), t(`${P}.cards.answerSubmit`)));
    }
    if (isClient && phase === "consultation" && card.phase === "consultation" && !card.precision && !view.clientListens) {
      // One button per card; the form opens on demand.
      const form = this.#reply("askPrecision", card.id, t(`${P}.cards.precisionLabel`), t(`${P}.cards.precisionSubmit`));
      form.hidden = true;
      const open = h("button", { type: "button", class: "button button-small button-secondary", "aria-expanded": "false", text: t(`${P}.cards.precisionOpen`) });
      open.addEventListener("click", () => {
        form.hidden = !form.hidden;
        open.setAttribute("aria-expanded", String(!form.hidden));
        if (!form.hidden) form.querySelector("input")?.focus();
      });
      item.append(open, form);
    }
    if (lead && phase === "clarification" && card.kind === "question") {
      item.append(h("button", {
        type: "button", class: "button button-small button-secondary", "aria-pressed": String(card.flagged),
        onclick: () => this.#act({ kind: "flag", card: card.id, flagged: !card.flagged }),
      }, t(card.flagged ? `${P}.cards.unflag` : `${P}.cards.flag`)));
    }
    return item;
  }

  /**
   * A one-line form on a card that sends `{kind, card, text}`.
   * @param {string} kind
   * @param {number} card
   * @param {string} label the field's label
   * @param {string} submit the button's text
   */
  #reply(kind, card, label, submit) {
    const form = textForm(this.#api.h, { maxLength: 1000, describe: this.#describe, onSubmit: (text) => this.#act({ kind, card, text }) });
    form.label.textContent = label;
    form.button.textContent = submit;
    return form.form;
  }
}

/**
 * Makes `parent`'s children exactly `nodes`, in order, moving only the nodes out of place
 * (a focused field that stays in place keeps its focus).
 * @param {Element} parent
 * @param {Element[]} nodes
 */
function insertInOrder(parent, nodes) {
  nodes.forEach((node, index) => {
    if (parent.children[index] !== node) parent.insertBefore(node, parent.children[index] ?? null);
  });
  while (parent.children.length > nodes.length) parent.lastElementChild?.remove();
}

/**
 * The cards of a co-development case: each card with its kind, request tag,
 * author, flag, answer and precision, plus what the reader may do with it now
 * (the client answers a question or asks for precision; the facilitator flags
 * advice in disguise). The list is updated in place, so a reply being typed
 * survives other people's changes.
 *
 * @module activities/peer-consultation/cards
 */

import { textForm } from "./parts.js";

const P = "activity.peer-consultation";

/** @typedef {{ isClient: boolean, lead: boolean, readOnly: boolean, name: (id: string) => string }} Reader */

export class CardList {
  /** The `<ul>` to place in the page. */
  element;
  #api;
  #act;
  #describe;
  /** Card id → its list item and what it was drawn from. */
  #items = new Map();

  /**
   * @param {{ api: import("../../js/activity-host.js").ActivityAPI, act: (intent: object) => Promise<unknown>, describe: (error: any) => string }} options
   */
  constructor({ api, act, describe }) {
    this.#api = api;
    this.#act = act;
    this.#describe = describe;
    this.element = api.h("ul", { class: "pc-cards", dataset: { testid: "cards" } });
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
        if (typed && field) field.value = typed.value;
        entry.item.replaceWith(item);
      } else {
        this.element.append(item);
      }
      this.#items.set(card.id, { item, signature });
    }
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
      item.append(this.#reply("askPrecision", card.id, t(`${P}.cards.precisionLabel`), t(`${P}.cards.precisionSubmit`)));
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

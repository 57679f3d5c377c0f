/**
 * The cards of the round: grouped under the facilitator's headings, with
 * their dots (+1). Everyone taking part may +1 (within the dots the settings
 * give); the facilitator groups cards, adds and renames headings; a card's
 * author or a facilitator removes it. The composer for the speaker (and the
 * facilitator as scribe) keeps its draft across updates and after the turn
 * ends, so nothing typed is lost.
 *
 * @module activities/theme-round/cards
 */

import { P } from "./kit.js";

const MAX_CARD = 280;
const MAX_TITLE = 200;

/** @param {import("./kit.js").Kit} kit */
export function createCards({ h, t, act, describe }) {
  const heading = h("h3", { id: "tr-cards-heading", class: "tr-heading" });
  const dotsLine = h("p", { class: "tr-dots-left", dataset: { testid: "dots-left" } });
  const groups = h("div", { class: "tr-groups", dataset: { testid: "round-cards" } });

  // The composer.
  const fieldLabel = h("label", { for: "tr-card-text" });
  const field = h("textarea", { id: "tr-card-text", class: "input", rows: "2", maxlength: String(MAX_CARD) });
  const count = h("span", { class: "tr-count", "aria-hidden": "true" });
  const postButton = h("button", { type: "submit", class: "button button-primary" });
  const composerStatus = h("p", { class: "form-status", role: "status" });
  const composer = h("form", { class: "tr-composer", novalidate: true },
    h("div", { class: "field" }, fieldLabel, field, count), postButton, composerStatus);
  let mayPost = false;
  field.addEventListener("input", () => (count.textContent = `${field.value.length}/${MAX_CARD}`));
  composer.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text || !mayPost) return;
    postButton.disabled = true;
    // Still unanswered after a moment: the connection is down and the card waits to be sent.
    const slow = setTimeout(() => (composerStatus.textContent = t(`${P}.cards.waiting`)), 800);
    try {
      await act({ kind: "post", text });
      field.value = "";
      count.textContent = "";
      composerStatus.textContent = "";
    } catch (error) {
      composerStatus.textContent = describe(error); // the text stays in the field
    } finally {
      clearTimeout(slow);
      postButton.disabled = false;
    }
  });

  // The facilitator's new heading.
  const headingLabel = h("label", { for: "tr-heading-title" });
  const headingField = h("input", { id: "tr-heading-title", class: "input", type: "text", maxlength: String(MAX_TITLE), autocomplete: "off" });
  const headingButton = h("button", { type: "submit", class: "button button-secondary" });
  const headingForm = h("form", { class: "tr-heading-form", novalidate: true }, h("div", { class: "field" }, headingLabel, headingField), headingButton);
  headingForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const title = headingField.value.trim();
    if (!title) return;
    await act({ kind: "addHeading", title }).then(() => (headingField.value = ""), () => {});
  });

  const root = h("section", { class: "tr-section tr-cards", "aria-labelledby": "tr-cards-heading" },
    heading, composer, dotsLine, groups, headingForm);

  /** The facilitator's rename fields, by heading id, kept across updates. */
  const renaming = new Map();

  return {
    root,

    /**
     * @param {any} view
     * @param {import("./kit.js").Reader} reader
     * @param {any} mine this member's private view (`dotted`, `dotsLeft`)
     */
    update(view, reader, mine) {
      const { round, running, lead, speaking, acts, canDot, me, name } = reader;
      root.hidden = !round;
      if (!round) return;
      heading.textContent = t(`${P}.cards.heading`);
      mayPost = running && acts && (speaking || (lead && view.scribe));
      const draft = field.value.trim() !== "";
      composer.hidden = !mayPost && !draft;
      postButton.disabled = !mayPost;
      const scribing = lead && view.scribe && !speaking && round.floor;
      fieldLabel.textContent = scribing ? t(`${P}.cards.scribe`, { name: name(round.floor.speaker) }) : t(`${P}.cards.yours`);
      postButton.textContent = t(`${P}.cards.post`);
      if (!mayPost && draft) composerStatus.textContent = t(`${P}.cards.keptDraft`);
      else if (composerStatus.textContent === t(`${P}.cards.keptDraft`)) composerStatus.textContent = "";

      const dotted = new Set(mine?.dotted ?? []);
      dotsLine.hidden = !(canDot && view.dots > 0);
      dotsLine.textContent = t(`${P}.cards.dotsLeft`, { count: mine?.dotsLeft ?? view.dots });

      const sections = [...round.headings.map((entry) => ({ entry, cards: round.cards.filter((card) => card.heading === entry.id) })),
        { entry: null, cards: round.cards.filter((card) => !round.headings.some((entry) => entry.id === card.heading)) }];
      groups.replaceChildren(...sections.filter(({ entry, cards }) => entry || cards.length).map(({ entry, cards }) => {
        const title = entry ? headingTitle(entry, lead) : h("h4", { class: "tr-group-title", text: round.headings.length ? t(`${P}.cards.ungrouped`) : "" });
        return h("div", { class: "tr-group" }, title,
          h("ul", { class: "tr-card-list" }, ...cards.map((card) => cardItem(card, round, { lead, canDot, me, dotted, name }))));
      }));
      if (!round.cards.length) groups.append(h("p", { class: "muted", text: t(`${P}.cards.none`) }));

      headingForm.hidden = !lead;
      headingLabel.textContent = t(`${P}.cards.newHeading`);
      headingButton.textContent = t(`${P}.cards.addHeading`);
    },
  };

  /** A heading; for the facilitator, a field to rename it (the same element across updates, so typing keeps its focus). */
  function headingTitle(entry, lead) {
    if (!lead) return h("h4", { class: "tr-group-title", text: entry.title });
    let title = renaming.get(entry.id);
    if (!title) {
      const input = h("input", { class: "input input-small", type: "text", maxlength: String(MAX_TITLE), value: entry.title });
      const form = h("form", { class: "tr-rename", novalidate: true }, input,
        h("button", { type: "submit", class: "button button-small", text: t(`${P}.cards.renameButton`) }));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = input.value.trim();
        if (text) act({ kind: "renameHeading", heading: entry.id, title: text }).catch(() => {});
      });
      title = { root: h("h4", { class: "tr-group-title" }, form), input };
      renaming.set(entry.id, title);
    }
    if (document.activeElement !== title.input) title.input.value = entry.title; // never while typed in
    title.input.setAttribute("aria-label", t(`${P}.cards.rename`, { title: entry.title }));
    return title.root;
  }

  /** One card: its text, whose turn it reports, its dots, and what this reader may do with it. */
  function cardItem(card, round, { lead, canDot, me, dotted, name }) {
    const mine = dotted.has(card.id);
    const dot = canDot
      ? h("button", { type: "button", class: "button button-small tr-dot", "aria-pressed": String(mine),
          "aria-label": t(mine ? `${P}.cards.undot` : `${P}.cards.dot`, { count: card.dots }),
          onclick: () => act({ kind: mine ? "undot" : "dot", card: card.id }) }, `+1 · ${card.dots}`)
      : h("span", { class: "tr-dot-count", text: `+${card.dots}` });
    let grouping = null;
    if (lead && round.headings.length) {
      const select = h("select", { class: "input input-small", "aria-label": t(`${P}.cards.groupUnder`) },
        h("option", { value: "", text: t(`${P}.cards.noHeading`) }),
        ...round.headings.map((entry) => h("option", { value: String(entry.id), text: entry.title })));
      select.value = card.heading === undefined ? "" : String(card.heading);
      select.addEventListener("change", () => act({ kind: "group", card: card.id, ...(select.value ? { heading: Number(select.value) } : {}) }));
      grouping = select;
    }
    const remove = (lead || (card.author === me && canDot))
      ? h("button", { type: "button", class: "button button-link button-small", "aria-label": t(`${P}.cards.removeCard`, { text: card.text.slice(0, 40) }), onclick: () => act({ kind: "removeCard", card: card.id }) }, t(`${P}.cards.remove`))
      : null;
    return h("li", { class: "tr-card", dataset: { card: String(card.id) } },
      h("p", { class: "tr-card-text", text: card.text }),
      h("p", { class: "tr-card-meta" }, card.speaker ? h("span", { text: name(card.speaker) }) : null, dot, grouping, remove));
  }
}

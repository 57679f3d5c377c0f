/**
 * The facilitator's side: the question and options while in draft, the buttons that move
 * the vote (open, for a set time or not; close; publish; reopen; cancel), the turnout and
 * who has voted (never how, for a secret vote).
 *
 * @module activities/vote/control
 */

import { P } from "./kit.js";

/** @param {import("./kit.js").Kit} kit */
export function createControl({ h, t, act, describe }) {
  const draftHeading = h("h3", { id: "vote-draft-heading", class: "vote-heading" });
  const questionLabel = h("label", { for: "vote-question" });
  const question = h("input", { id: "vote-question", class: "input", type: "text", maxlength: "500", autocomplete: "off" });
  const optionsLabel = h("label", { for: "vote-options" });
  const options = h("textarea", { id: "vote-options", class: "input", rows: "4" });
  const saveButton = h("button", { type: "submit", class: "button button-secondary" });
  const draftStatus = h("p", { class: "form-status", role: "status" });
  const draftForm = h("form", { class: "vote-draft", novalidate: true, "aria-labelledby": "vote-draft-heading" },
    draftHeading, h("div", { class: "field" }, questionLabel, question), h("div", { class: "field" }, optionsLabel, options), saveButton, draftStatus);
  let filled = false;
  draftForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await act({ kind: "draft", question: question.value, options: options.value.split("\n").map((line) => line.trim()).filter(Boolean) });
      draftStatus.textContent = t(`${P}.control.saved`);
    } catch (error) {
      draftStatus.textContent = describe(error);
    }
  });

  const minutesLabel = h("label", { for: "vote-minutes" });
  const minutes = h("input", { id: "vote-minutes", class: "input input-small", type: "number", min: "1", max: "240", inputmode: "numeric" });
  const openButton = h("button", { type: "button", class: "button button-primary", dataset: { testid: "vote-open" } });
  const closeButton = h("button", { type: "button", class: "button button-primary", dataset: { testid: "vote-close" }, onclick: () => act({ kind: "close" }).catch(() => {}) });
  const publishButton = h("button", { type: "button", class: "button button-primary", dataset: { testid: "vote-publish" }, onclick: () => act({ kind: "publish" }).catch(() => {}) });
  const reopenButton = h("button", { type: "button", class: "button button-secondary", onclick: () => act({ kind: "open" }).catch(() => {}) });
  const cancelButton = h("button", { type: "button", class: "button button-link", onclick: () => act({ kind: "cancel" }).catch(() => {}) });
  openButton.addEventListener("click", () => {
    const value = Number(minutes.value);
    act(value > 0 ? { kind: "open", minutes: value } : { kind: "open" }).catch(() => {});
  });
  const openRow = h("div", { class: "field vote-open-row" }, minutesLabel, minutes);
  const buttons = h("div", { class: "button-row" }, openButton, closeButton, publishButton, reopenButton, cancelButton);
  const voted = h("p", { class: "vote-voted", dataset: { testid: "vote-voted" } });
  const root = h("section", { class: "vote-control" }, draftForm, openRow, buttons, voted);

  return {
    root,

    /**
     * @param {any} view
     * @param {import("./kit.js").Reader} reader
     */
    update(view, { lead, name }) {
      root.hidden = !lead;
      if (!lead) return;
      const phase = view.phase;
      draftForm.hidden = phase !== "draft";
      draftHeading.textContent = t(`${P}.control.draft`);
      questionLabel.textContent = t(`${P}.control.question`);
      optionsLabel.textContent = t(`${P}.control.options`);
      saveButton.textContent = t(`${P}.control.save`);
      options.hidden = optionsLabel.hidden = ["yes-no", "consent", "fist-to-five"].includes(view.method);
      if (!filled) {
        question.value = view.question;
        options.value = view.options.join("\n");
        filled = true; // afterwards, never overwrite what the facilitator types
      }
      openRow.hidden = phase !== "draft";
      minutesLabel.textContent = t(`${P}.control.minutes`);
      openButton.hidden = phase !== "draft";
      openButton.textContent = t(`${P}.control.open`);
      closeButton.hidden = phase !== "open";
      closeButton.textContent = t(`${P}.control.close`);
      publishButton.hidden = phase !== "closed";
      publishButton.textContent = t(`${P}.control.publish`);
      reopenButton.hidden = phase !== "closed";
      reopenButton.textContent = t(`${P}.control.reopen`);
      cancelButton.hidden = !["draft", "open", "closed"].includes(phase);
      cancelButton.textContent = t(`${P}.control.cancel`);
      const who = view.voted ?? [];
      voted.hidden = phase === "draft" || phase === "cancelled";
      voted.textContent = who.length
        ? t(view.secret ? `${P}.control.votedSecret` : `${P}.control.voted`, { names: who.map(name).join(", ") })
        : t(`${P}.control.nobody`);
    },
  };
}

/**
 * The cards of the case and the composer under them: what kinds of card this
 * reader may post in the current phase (questions, reformulations, the four
 * kinds of the consultation, learnings), the request item a contribution
 * answers, and the 4 A frame of a learning. A draft, and the kind, item and
 * frame chosen, are kept across updates.
 *
 * A draft keeps the kind it was written as. When the phase changes under it,
 * it stays (a composer with text in it is never hidden), is flagged « Pas
 * encore publié — la phase a changé », and publishing asks for the kind
 * again: a late click never turns a reformulation into a reaction.
 *
 * @module activities/peer-consultation/composer
 */

import { CardList } from "./cards.js";
import { section, textForm } from "./parts.js";

const P = "activity.peer-consultation";

/** Card kinds a person may post in each phase. */
const KINDS = {
  clarification: ["question"],
  contract: ["reformulation"],
  consultation: ["reaction", "hypothesis", "experience", "suggestion"],
  learnings: ["learning"],
};
const FRAMES = ["appreciation", "expectations", "learnings", "applications"];

/** @param {import("./reader.js").Kit} kit */
export function createCards({ api, h, t, act, describe }) {
  const cards = section(h, "cards");
  const cardList = new CardList({ api, act, describe });
  const composerKind = h("select", { id: "pc-kind", class: "input input-small" });
  const composerKindLabel = h("label", { for: "pc-kind" });
  const composerTag = h("select", { id: "pc-tag", class: "input input-small" });
  const composerTagLabel = h("label", { for: "pc-tag" });
  const composerFrame = h("select", { id: "pc-frame", class: "input input-small" });
  const composerFrameLabel = h("label", { for: "pc-frame" });
  /** The kind the text in the field was written as (null when the field is empty). */
  let draftKind = null;
  /** The step's frame of learnings: "four-a" (a frame is chosen) or "free". */
  let lastFrameMode = "four-a";
  const staleNote = h("p", { class: "pc-stale", role: "status", hidden: true, dataset: { testid: "pc-stale" } });
  const composer = textForm(h, {
    multiline: true, maxLength: 1000, describe, waiting: () => t(`${P}.composer.waiting`),
    onSubmit: (text) => {
      const kind = composerKind.value;
      if (kind === "" || composer.form.dataset.closed === "true") {
        composerKind.focus();
        return Promise.reject({ reason: "peer-consultation.choose-kind", code: "bad_request" });
      }
      const intent = { kind: "post", cardKind: kind, text };
      if (kind === "learning" && lastFrameMode !== "free") intent.frame = composerFrame.value;
      else if (!composerTag.hidden && composerTag.value !== "") intent.tag = Number(composerTag.value);
      return act(intent).then((answer) => {
        draftKind = null;
        staleNote.hidden = true;
        return answer;
      });
    },
  });
  composer.field.addEventListener("input", () => {
    if (composer.field.value.trim() === "") draftKind = null;
    else if (draftKind === null && composerKind.value !== "") draftKind = composerKind.value;
  });
  composerKind.addEventListener("change", () => {
    if (composerKind.value === "") return;
    draftKind = composer.field.value.trim() === "" ? null : composerKind.value;
    staleNote.hidden = true;
  });
  const kindField = h("div", { class: "field field-inline" }, composerKindLabel, composerKind);
  const tagField = h("div", { class: "field field-inline" }, composerTagLabel, composerTag);
  const frameField = h("div", { class: "field field-inline" }, composerFrameLabel, composerFrame);
  composer.form.prepend(staleNote, kindField, tagField, frameField);
  cards.root.append(composer.form, cardList.element);  // the action first, then what was posted

  return {
    root: cards.root,

    /**
     * @param {any} view
     * @param {import("./reader.js").Reader} reader
     */
    update(view, reader) {
      const { participant, consultant, readOnly, phase } = reader;
      cards.heading.textContent = t(`${P}.cards.heading`);
      const hasDraft = !readOnly && composer.field.value.trim() !== "";
      cards.root.hidden = (phase === "subject" || phase === "expose") && !hasDraft;
      cardList.render(view, reader);
      const kinds = KINDS[phase] ?? [];
      const mayPost = !readOnly && ((consultant && kinds.length > 0 && phase !== "learnings") || (participant && phase === "learnings"));
      // A draft written as another kind than this phase takes: kept, flagged, its kind asked again.
      const stale = hasDraft && draftKind !== null && !kinds.includes(draftKind);
      composer.form.hidden = !mayPost && !hasDraft;
      composer.form.dataset.closed = String(!mayPost);
      composer.button.disabled = !mayPost;
      staleNote.hidden = !stale;
      if (stale) {
        staleNote.textContent = t(`${P}.composer.stale.${mayPost ? "choose" : "closed"}`, { kind: t(`${P}.kind.${draftKind}`) });
      }
      if (mayPost) {
        const keptKind = composerKind.value;
        const choices = kinds.map((kind) => h("option", { value: kind, text: t(`${P}.kind.${kind}`) }));
        if (stale) choices.unshift(h("option", { value: "", text: t(`${P}.composer.chooseKind`) }));
        composerKind.replaceChildren(...choices);
        if (stale) composerKind.value = "";
        else if (kinds.includes(keptKind)) composerKind.value = keptKind;
        kindField.hidden = kinds.length < 2 && !stale;
        const tagged = phase === "consultation" && view.contract.length > 0;
        tagField.hidden = !tagged;
        const keptTag = composerTag.value;
        composerTag.replaceChildren(...view.contract.map((item, index) => h("option", { value: String(index), text: `${index + 1}. ${item}` })));
        if (keptTag !== "" && Number(keptTag) < view.contract.length) composerTag.value = keptTag;
        lastFrameMode = view.learningFrame ?? "four-a";
        frameField.hidden = phase !== "learnings" || lastFrameMode === "free";
        const keptFrame = composerFrame.value;
        composerFrame.replaceChildren(...FRAMES.map((frame) => h("option", { value: frame, text: t(`${P}.frame.${frame}`) })));
        if (keptFrame) composerFrame.value = keptFrame;
      } else {
        // Nothing can be posted now: a kept draft shows without choices that no longer apply.
        kindField.hidden = tagField.hidden = frameField.hidden = true;
      }
      composerKindLabel.textContent = t(`${P}.composer.kind`);
      composerTagLabel.textContent = t(`${P}.composer.tag`);
      composerFrameLabel.textContent = t(`${P}.composer.frame`);
      composer.label.textContent = t(stale ? `${P}.composer.staleLabel` : `${P}.composer.label.${phase}`);
      composer.button.textContent = t(`${P}.composer.submit`);
    },
  };
}

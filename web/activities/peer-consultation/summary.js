/**
 * The client's summary of the problem (exposé): shown as Markdown from phase 1
 * on, pinned and refined by the client during the exposé.
 *
 * @module activities/peer-consultation/summary
 */

import { renderMarkdown } from "../../js/markdown.js";
import { section, textForm } from "./parts.js";

const P = "activity.peer-consultation";

/** @param {import("./reader.js").Kit} kit */
export function createSummary({ h, t, act, describe }) {
  const summary = section(h, "summary");
  const summaryText = h("div", { class: "pc-summary-text" });
  const summaryForm = textForm(h, { multiline: true, maxLength: 2000, keep: true, describe, onSubmit: (text) => act({ kind: "pinSummary", text }) });
  summary.root.append(summaryText, summaryForm.form);

  return {
    root: summary.root,

    /**
     * @param {any} view
     * @param {import("./reader.js").Reader} reader
     */
    update(view, { isClient, readOnly, phase }) {
      summary.heading.textContent = t(`${P}.summary.heading`);
      summaryText.replaceChildren(...(view.summary ? renderMarkdown(view.summary) : [h("p", { class: "muted", text: t(`${P}.summary.none`) })]));
      summary.root.hidden = phase === "subject";
      summaryForm.form.hidden = !(isClient && phase === "expose") || readOnly;
      summaryForm.label.textContent = t(`${P}.summary.label`);
      summaryForm.button.textContent = t(`${P}.summary.submit`);
    },
  };
}

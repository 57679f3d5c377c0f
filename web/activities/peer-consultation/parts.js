/**
 * Building blocks of the co-development module: a titled section, a form
 * with one text field that keeps what is typed across updates, and the
 * request (contract) as "Aidez-moi à …" lines.
 *
 * @module activities/peer-consultation/parts
 */

let unique = 0;

/**
 * A `<section>` with a heading; returns both so the heading can be re-translated.
 * @param {typeof import("../../js/dom.js").h} h
 * @param {string} className
 */
export function section(h, className) {
  const id = `pc-${className}-${++unique}`;
  const heading = h("h3", { id, class: "pc-heading" });
  const root = h("section", { class: `pc-section pc-${className}`, "aria-labelledby": id }, heading);
  return { root, heading };
}

/**
 * A form with a labelled text field (input or textarea) and a submit button. The field
 * keeps its content across view updates; it is cleared only after a successful send.
 *
 * @param {typeof import("../../js/dom.js").h} h
 * @param {{ multiline?: boolean, maxLength: number, onSubmit: (text: string) => Promise<unknown>, keep?: boolean, describe: (error: any) => string }} options
 *   `keep`: the text stays after sending (notes, a summary being refined)
 */
export function textForm(h, { multiline = false, maxLength, onSubmit, keep = false, describe, waiting }) {
  const id = `pc-field-${++unique}`;
  const label = h("label", { for: id });
  const field = multiline
    ? h("textarea", { id, class: "input", rows: "3", maxlength: String(maxLength) })
    : h("input", { id, class: "input", type: "text", maxlength: String(maxLength), autocomplete: "off" });
  const button = h("button", { type: "submit", class: "button button-secondary" });
  const status = h("p", { class: "form-status", role: "status" });
  const form = h("form", { class: "pc-form", novalidate: true }, h("div", { class: "field" }, label, field), button, status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text && !keep) return;
    button.disabled = true;
    // Still unanswered after a moment: the connection is down and the text waits to be sent.
    const slow = waiting ? setTimeout(() => (status.textContent = waiting()), 800) : undefined;
    try {
      await onSubmit(text);
      status.textContent = "";
      if (!keep) field.value = "";
    } catch (error) {
      status.textContent = describe(error);
    } finally {
      clearTimeout(slow);
      button.disabled = form.dataset.closed === "true";
    }
  });
  return { form, label, field, button, status };
}

/** The request's opening words, in the session's language: part of what the client wrote. */
const REQUEST_PREFIX = { fr: "Aidez-moi à", en: "Help me" };

/**
 * The request as an ordered list of "Aidez-moi à …" lines, the prefix in the session's
 * language (a French request read on an English page stays « Aidez-moi à … »).
 * @param {typeof import("../../js/dom.js").h} h
 * @param {string[]} items
 * @param {string} sessionLocale
 */
export function contractList(h, items, sessionLocale) {
  const prefix = REQUEST_PREFIX[sessionLocale] ?? REQUEST_PREFIX.fr;
  return h("ol", { class: "pc-contract-items" },
    items.map((item) => h("li", {}, h("span", { class: "pc-contract-prefix", text: prefix }), " ", item)));
}

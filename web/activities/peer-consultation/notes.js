/**
 * The client's private notes: shown to the client only (the server sends them
 * to nobody else), filled once from `me.activity.notes`, then never
 * overwritten while the client types. Read-only (a replay of the client's own
 * view), they follow the moment shown and cannot be edited.
 *
 * @module activities/peer-consultation/notes
 */

import { section, textForm } from "./parts.js";

const P = "activity.peer-consultation";

/** @param {import("./reader.js").Kit} kit */
export function createNotes({ h, t, act, describe }) {
  const notes = section(h, "notes");
  const notesHint = h("p", { class: "hint" });
  const notesForm = textForm(h, { multiline: true, maxLength: 10000, keep: true, describe, onSubmit: (text) => act({ kind: "writeNotes", text }) });
  notes.root.append(notesHint, notesForm.form);
  let notesFilled = false;

  return {
    root: notes.root,

    /**
     * @param {any} view
     * @param {import("./reader.js").Reader} reader
     * @param {import("../../js/activity-host.js").ActivityContext} context
     */
    update(view, { isClient, readOnly }, context) {
      notes.heading.textContent = t(`${P}.notes.heading`);
      notes.root.hidden = !isClient;
      notesHint.textContent = t(`${P}.notes.hint`);
      notesForm.label.textContent = t(`${P}.notes.label`);
      notesForm.button.textContent = t(`${P}.notes.submit`);
      notesForm.button.hidden = readOnly;
      notesForm.field.readOnly = readOnly;
      if (isClient && (!notesFilled || readOnly)) {
        notesForm.field.value = context.me?.activity?.notes ?? "";
        notesFilled = true;
      }
    },
  };
}

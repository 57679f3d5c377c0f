/**
 * Briefing: the facilitator's instructions, an optional link, and who is
 * ready. Participants mark themselves ready; facilitators edit the
 * instructions and reset readiness.
 *
 * The activity module contract is described in docs/web-client.md. Strings:
 * ./i18n.json; the view's schema: ./view.schema.json.
 *
 * @module activities/briefing
 */

import { renderMarkdown } from "../../js/markdown.js";

/** @type {import("../../js/activity-host.js").ActivityModule} */
export default {
  mount(container, { send, t, h, announce, describe }) {
    const instructions = h("div", { class: "briefing-instructions", dataset: { testid: "briefing-instructions" } });
    const link = h("a", { class: "briefing-link", rel: "noopener noreferrer", target: "_blank", hidden: true });
    const readyLine = h("p", { class: "briefing-ready", dataset: { testid: "briefing-ready" } });
    const readyButton = h("button", { type: "button", class: "button button-primary", "aria-pressed": "false", hidden: true });
    const feedback = h("p", { class: "form-status", role: "status" });

    const editor = h("form", { class: "briefing-editor", hidden: true });
    const editorText = h("textarea", { id: "briefing-text", class: "input", rows: "5", maxlength: "4000" });
    const editorLink = h("input", { id: "briefing-link-input", class: "input", type: "url", maxlength: "500", placeholder: "https://…" });
    const editorTextLabel = h("label", { for: "briefing-text" });
    const editorLinkLabel = h("label", { for: "briefing-link-input" });
    const saveButton = h("button", { type: "submit", class: "button button-secondary" });
    const resetButton = h("button", { type: "button", class: "button button-link" });
    editor.append(
      h("div", { class: "field" }, editorTextLabel, editorText),
      h("div", { class: "field" }, editorLinkLabel, editorLink),
      h("div", { class: "button-row" }, saveButton, resetButton),
    );
    container.append(instructions, link, readyLine, readyButton, editor, feedback);

    /** @type {{ ready: boolean, editorFilled: boolean }} */
    const local = { ready: false, editorFilled: false };

    /** @param {Promise<unknown>} request */
    const report = (request) =>
      request.then(
        () => (feedback.textContent = ""),
        (error) => (feedback.textContent = describe(error)),
      );

    readyButton.addEventListener("click", () => report(send({ kind: local.ready ? "markNotReady" : "markReady" })));
    editor.addEventListener("submit", (event) => {
      event.preventDefault();
      report(send({ kind: "updateInstructions", text: editorText.value, link: editorLink.value.trim() }));
    });
    resetButton.addEventListener("click", () => report(send({ kind: "resetReady" })));

    let previousText = null;
    return {
      update(view, context) {
        instructions.replaceChildren(...renderMarkdown(view.instructions ?? ""));
        if (!view.instructions) instructions.append(h("p", { class: "muted", text: t("activity.briefing.noInstructions") }));
        if (previousText !== null && previousText !== view.instructions) announce(t("activity.briefing.updated"));
        previousText = view.instructions ?? "";
        link.hidden = !view.link;
        if (view.link) {
          link.href = view.link;
          link.textContent = t("activity.briefing.openLink");
        }
        local.ready = (view.ready ?? []).includes(context.me?.id);
        readyLine.textContent = t("activity.briefing.readyCount", { count: view.readyCount ?? 0 });
        const canMark = context.role === "participant" && !context.readOnly;
        readyButton.hidden = !canMark;
        readyButton.setAttribute("aria-pressed", String(local.ready));
        readyButton.textContent = t(local.ready ? "activity.briefing.notReady" : "activity.briefing.ready");
        editor.hidden = !context.facilitates || context.readOnly;
        editorTextLabel.textContent = t("activity.briefing.editText");
        editorLinkLabel.textContent = t("activity.briefing.editLink");
        saveButton.textContent = t("activity.briefing.save");
        resetButton.textContent = t("activity.briefing.resetReady");
        if (context.facilitates && !local.editorFilled) {
          editorText.value = view.instructions ?? "";
          editorLink.value = view.link ?? "";
          local.editorFilled = true; // afterwards, never overwrite what the facilitator types
        }
      },
    };
  },
};

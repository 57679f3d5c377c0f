/**
 * The client's action plan (phase 5, synthesis): each action with its due
 * date and resources, the form that adds one (optionally from a consultation
 * card) and, for the client during the synthesis, removing one.
 *
 * @module activities/peer-consultation/plan
 */

import { section } from "./parts.js";

const P = "activity.peer-consultation";

/** @param {import("./reader.js").Kit} kit */
export function createPlan({ h, t, act, describe }) {
  const plan = section(h, "plan");
  const planList = h("ul", { class: "pc-list", dataset: { testid: "plan" } });
  const actionWhat = h("input", { id: "pc-action-what", class: "input", type: "text", maxlength: "300", autocomplete: "off" });
  const actionDue = h("input", { id: "pc-action-due", class: "input", type: "text", maxlength: "300", autocomplete: "off" });
  const actionResources = h("input", { id: "pc-action-resources", class: "input", type: "text", maxlength: "300", autocomplete: "off" });
  const actionSource = h("select", { id: "pc-action-source", class: "input" });
  const actionLabels = [actionWhat, actionDue, actionResources, actionSource].map((field) => h("label", { for: field.id }));
  const actionButton = h("button", { type: "submit", class: "button button-secondary" });
  const actionStatus = h("p", { class: "form-status", role: "status" });
  const actionForm = h("form", { class: "pc-form", novalidate: true },
    [actionWhat, actionDue, actionResources, actionSource].map((field, index) => h("div", { class: "field" }, actionLabels[index], field)),
    actionButton, actionStatus);
  actionForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const intent = { kind: "addAction", what: actionWhat.value.trim(), due: actionDue.value.trim(), resources: actionResources.value.trim() };
    if (actionSource.value) intent.source = Number(actionSource.value);
    act(intent).then(() => {
      actionWhat.value = actionDue.value = actionResources.value = "";
      actionSource.value = "";
      actionStatus.textContent = "";
    }, (error) => (actionStatus.textContent = describe(error)));
  });
  plan.root.append(planList, actionForm);

  return {
    root: plan.root,

    /**
     * @param {any} view
     * @param {import("./reader.js").Reader} reader
     */
    update(view, { isClient, readOnly, phase }) {
      plan.heading.textContent = t(`${P}.plan.heading`);
      plan.root.hidden = !(phase === "synthesis" || view.actions.length > 0);
      planList.replaceChildren(...view.actions.map((item) => h("li", { class: "pc-item", dataset: { action: String(item.id) } },
        h("span", { class: "pc-item-text", text: item.what }),
        item.due ? h("span", { class: "muted", text: t(`${P}.plan.dueValue`, { due: item.due }) }) : null,
        item.resources ? h("span", { class: "muted", text: t(`${P}.plan.resourcesValue`, { resources: item.resources }) }) : null,
        isClient && phase === "synthesis" && !readOnly
          ? h("button", { type: "button", class: "button button-small button-link", onclick: () => act({ kind: "removeAction", item: item.id }), "aria-label": t(`${P}.plan.removeNamed`, { what: item.what }) }, t(`${P}.plan.remove`))
          : null)));
      actionForm.hidden = !(isClient && phase === "synthesis") || readOnly;
      ["what", "due", "resources", "source"].forEach((key, index) => (actionLabels[index].textContent = t(`${P}.plan.${key}`)));
      actionButton.textContent = t(`${P}.plan.submit`);
      const keptSource = actionSource.value;
      actionSource.replaceChildren(h("option", { value: "", text: t(`${P}.plan.ownIdea`) }),
        ...view.cards.filter((card) => card.phase === "consultation").map((card) => h("option", { value: String(card.id), text: `${t(`${P}.kind.${card.kind}`)} — ${card.text.slice(0, 60)}` })));
      actionSource.value = keptSource;
    },
  };
}

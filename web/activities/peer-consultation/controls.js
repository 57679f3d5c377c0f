/**
 * The facilitator's controls: previous and next phase, two more minutes,
 * restarting the case (after a confirmation), and in phase 0 naming the client,
 * with the rotation's suggestion (the first participant not yet a client).
 *
 * @module activities/peer-consultation/controls
 */

import { section } from "./parts.js";

const P = "activity.peer-consultation";

/** @param {import("./reader.js").Kit} kit */
export function createControls({ h, t, act }) {
  const previousButton = h("button", { type: "button", class: "button button-secondary", onclick: () => act({ kind: "previousPhase" }) });
  const nextButton = h("button", { type: "button", class: "button button-primary", onclick: () => act({ kind: "nextPhase" }) });
  const extendButton = h("button", { type: "button", class: "button button-secondary", onclick: () => act({ kind: "extendPhase", minutes: 2 }) });
  const restartButton = h("button", {
    type: "button", class: "button button-danger",
    onclick: () => confirm(t(`${P}.controls.restartConfirm`)) && act({ kind: "restartCase" }),
  });
  const clientSelect = h("select", { id: "pc-client-select", class: "input input-small" });
  const clientSelectLabel = h("label", { for: "pc-client-select" });
  const nameClientButton = h("button", { type: "button", class: "button button-secondary", onclick: () => clientSelect.value && act({ kind: "nameClient", participant: clientSelect.value }) });
  const rotationHint = h("p", { class: "hint" });
  const naming = h("div", { class: "pc-naming" }, h("div", { class: "field field-inline" }, clientSelectLabel, clientSelect, nameClientButton), rotationHint);
  const whyNot = h("p", { class: "hint", id: "pc-controls-why", dataset: { testid: "pc-controls-why" } });
  const controls = section(h, "controls");
  controls.root.append(naming, h("p", { class: "button-row" }, previousButton, nextButton, extendButton, restartButton), whyNot);

  return {
    root: controls.root,

    /**
     * @param {any} view
     * @param {import("./reader.js").Reader} reader
     * @param {import("../../js/activity-host.js").ActivityContext} context
     */
    update(view, { lead, readOnly, phase }, context) {
      controls.heading.textContent = t(`${P}.controls.heading`);
      controls.root.hidden = !lead || readOnly;
      previousButton.textContent = t(`${P}.controls.previous`);
      nextButton.textContent = t(`${P}.controls.next`);
      extendButton.textContent = t(`${P}.controls.extend`);
      restartButton.textContent = t(`${P}.controls.restart`);
      // A control that cannot act now is disabled, and the reason is said beside it.
      const phases = (view.phases ?? []).map((entry) => entry.id);
      const index = phases.indexOf(phase);
      const nextBlocked = phase === "subject" && !view.client ? "client-needed"
        : index === phases.length - 1 && view.case >= view.cases ? "last-phase" : null;
      const previousBlocked = phase === "expose" ? "expose-started" : index < 2 ? "first-phase" : null;
      nextButton.disabled = nextBlocked !== null;
      previousButton.disabled = previousBlocked !== null;
      extendButton.disabled = typeof view.deadline !== "number";
      const reasons = [nextBlocked, phase === "subject" ? null : previousBlocked].filter(Boolean);
      whyNot.textContent = reasons.map((reason) => t(`${P}.refusal.${reason}`)).join(" ");
      for (const button of [nextButton, previousButton]) {
        if (button.disabled) button.setAttribute("aria-describedby", whyNot.id);
        else button.removeAttribute("aria-describedby");
      }
      naming.hidden = phase !== "subject";
      clientSelectLabel.textContent = t(`${P}.controls.client`);
      nameClientButton.textContent = t(`${P}.controls.nameClient`);
      const candidates = context.members.filter((member) => member.role === "participant");
      const candidateKey = JSON.stringify([candidates.map((member) => [member.id, member.name]), view.client]);
      if (clientSelect.dataset.key !== candidateKey) {
        clientSelect.dataset.key = candidateKey;
        clientSelect.replaceChildren(h("option", { value: "", text: "—" }),
          ...candidates.map((member) => h("option", { value: member.id, text: member.name })));
        clientSelect.value = view.client ?? "";
      }
      const past = new Set(view.pastClients ?? []);
      const nextInRotation = candidates.find((member) => !past.has(member.id) && member.id !== view.client);
      rotationHint.textContent = nextInRotation ? t(`${P}.controls.rotation`, { name: nextInRotation.name }) : "";
    },
  };
}

/**
 * The request (contract): one to three "Aidez-moi à …" items, set by the
 * client in phase 3 and on screen for the rest of the case.
 *
 * @module activities/peer-consultation/contract
 */

import { contractList, section } from "./parts.js";

const P = "activity.peer-consultation";

/** @param {import("./reader.js").Kit} kit */
export function createContract({ h, t, act, describe }) {
  const contract = section(h, "contract");
  const contractView = h("div", {});
  const contractFields = [0, 1, 2].map((index) => h("input", { id: `pc-contract-${index}`, class: "input", type: "text", maxlength: "300", autocomplete: "off" }));
  const contractLabels = contractFields.map((field) => h("label", { for: field.id }));
  const contractButton = h("button", { type: "submit", class: "button button-secondary" });
  const contractStatus = h("p", { class: "form-status", role: "status" });
  const contractForm = h("form", { class: "pc-form", novalidate: true },
    contractFields.map((field, index) => h("div", { class: "field" }, contractLabels[index], field)), contractButton, contractStatus);
  contractForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const items = contractFields.map((field) => field.value.trim()).filter(Boolean);
    act({ kind: "setContract", items }).then(() => (contractStatus.textContent = ""), (error) => (contractStatus.textContent = describe(error)));
  });
  contract.root.append(contractView, contractForm);

  return {
    root: contract.root,

    /**
     * @param {any} view
     * @param {import("./reader.js").Reader} reader
     */
    update(view, { isClient, readOnly, phase, sessionLocale }) {
      contract.heading.textContent = t(`${P}.contract.heading`);
      contractView.replaceChildren(view.contract.length ? contractList(h, view.contract, sessionLocale) : h("p", { class: "muted", text: t(`${P}.contract.none`) }));
      contract.root.hidden = !view.phases.some((p) => p.id === "contract") || ["subject", "expose", "clarification"].includes(phase);
      contractForm.hidden = !(isClient && phase === "contract") || readOnly;
      contractLabels.forEach((label, index) => (label.textContent = t(`${P}.contract.item`, { number: index + 1 })));
      contractButton.textContent = t(`${P}.contract.submit`);
    },
  };
}

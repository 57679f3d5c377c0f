/**
 * Phase 0, choosing the subject: the proposals with their votes, a form to
 * propose one, a vote per participant (a second press withdraws it) and the
 * facilitator's pick (its author becomes the client).
 *
 * @module activities/peer-consultation/proposals
 */

import { section, textForm } from "./parts.js";

const P = "activity.peer-consultation";

/** @param {import("./reader.js").Kit} kit */
export function createProposals({ h, t, act, describe }) {
  const proposals = section(h, "proposals");
  const proposalList = h("ul", { class: "pc-list" });
  const proposeForm = textForm(h, { maxLength: 500, describe, onSubmit: (text) => act({ kind: "propose", text }) });
  proposals.root.append(proposalList, proposeForm.form);

  return {
    root: proposals.root,

    /**
     * @param {any} view
     * @param {import("./reader.js").Reader} reader
     * @param {import("../../js/activity-host.js").ActivityContext} context
     */
    update(view, { participant, lead, readOnly, phase, name }, context) {
      proposals.heading.textContent = t(`${P}.proposals.heading`);
      proposals.root.hidden = phase !== "subject" || (!view.subjectSelection && view.proposals.length === 0);
      const myVote = context.me?.activity?.vote;
      proposalList.replaceChildren(...view.proposals.map((proposal) => h("li", { class: "pc-item", dataset: { proposal: String(proposal.id) } },
        h("span", { class: "pc-item-text", text: proposal.text }),
        h("span", { class: "muted", text: t(`${P}.proposals.by`, { name: name(proposal.author), votes: proposal.votes }) }),
        participant && !view.client && !readOnly
          ? h("button", { type: "button", class: "button button-small button-secondary", "aria-pressed": String(myVote === proposal.id), onclick: () => act({ kind: "vote", proposal: proposal.id }) },
            t(myVote === proposal.id ? `${P}.proposals.unvote` : `${P}.proposals.vote`))
          : null,
        lead && !readOnly
          ? h("button", { type: "button", class: "button button-small button-primary", onclick: () => act({ kind: "pickProposal", proposal: proposal.id }) }, t(`${P}.proposals.pick`))
          : null)));
      proposeForm.form.hidden = !(participant && view.subjectSelection && !view.client) || readOnly;
      proposeForm.label.textContent = t(`${P}.proposals.label`);
      proposeForm.button.textContent = t(`${P}.proposals.submit`);
    },
  };
}

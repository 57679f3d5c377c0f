/**
 * Peer consultation (co-development): the phase, what each person may do now
 * and why, the client, the request (contract), the cards of the case, the
 * action plan, speaking turns, the client's private notes and the
 * facilitator's controls and speaking statistics.
 *
 * The server enforces every rule; this module offers only what the person may
 * do in the current phase, and explains the rule. Contract: docs/web-client.md.
 *
 * @module activities/peer-consultation
 */

import { renderMarkdown } from "../js/markdown.js";
import { formatDuration } from "../js/time.js";
import { CardList } from "./peer-consultation/cards.js";
import { contractList, section, textForm } from "./peer-consultation/parts.js";
import { renderSpeakingStats } from "./peer-consultation/stats.js";

const P = "activity.peer-consultation";

/** Card kinds a person may post in each phase. */
const KINDS = {
  clarification: ["question"],
  contract: ["reformulation"],
  consultation: ["reaction", "hypothesis", "experience", "suggestion"],
  learnings: ["learning"],
};
const FRAMES = ["appreciation", "expectations", "learnings", "applications"];

/** @type {import("../js/activity-host.js").ActivityModule} */
export default {
  mount(container, api) {
    const { h, t, send, announce } = api;
    const describe = (error) => t(`errors.${error?.code ?? "unknown"}`);
    /** Sends and announces a refusal; returns the promise for forms to await. */
    const act = (intent) => {
      const request = send(intent);
      request.catch((error) => announce(describe(error)));
      return request;
    };

    /* ---------- Layout (built once; updates only fill it) ---------- */

    const phaseList = h("ol", { class: "pc-phases" });
    const caseLine = h("p", { class: "pc-case" });
    const phaseTime = h("p", { class: "pc-phase-time", dataset: { testid: "phase-time" } });
    const rule = h("p", { class: "pc-rule", dataset: { testid: "phase-rule" } });
    const clientLine = h("p", { class: "pc-client", dataset: { testid: "client" } });
    const header = h("div", { class: "pc-header" }, phaseList, caseLine, phaseTime, clientLine, rule);

    // Facilitator controls.
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
    const controls = section(h, "controls");
    controls.root.append(naming, h("p", { class: "button-row" }, previousButton, nextButton, extendButton, restartButton));

    // Phase 0: proposals.
    const proposals = section(h, "proposals");
    const proposalList = h("ul", { class: "pc-list" });
    const proposeForm = textForm(h, { maxLength: 500, describe, onSubmit: (text) => act({ kind: "propose", text }) });
    proposals.root.append(proposalList, proposeForm.form);

    // Summary (exposé).
    const summary = section(h, "summary");
    const summaryText = h("div", { class: "pc-summary-text" });
    const summaryForm = textForm(h, { multiline: true, maxLength: 2000, keep: true, describe, onSubmit: (text) => act({ kind: "pinSummary", text }) });
    summary.root.append(summaryText, summaryForm.form);

    // The request (contract).
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

    // Cards and the composer.
    const cards = section(h, "cards");
    const cardList = new CardList({ api, act, describe });
    const composerKind = h("select", { id: "pc-kind", class: "input input-small" });
    const composerKindLabel = h("label", { for: "pc-kind" });
    const composerTag = h("select", { id: "pc-tag", class: "input input-small" });
    const composerTagLabel = h("label", { for: "pc-tag" });
    const composerFrame = h("select", { id: "pc-frame", class: "input input-small" });
    const composerFrameLabel = h("label", { for: "pc-frame" });
    const composer = textForm(h, {
      multiline: true, maxLength: 1000, describe,
      onSubmit: (text) => {
        const kind = composerKind.value;
        const intent = { kind: "post", cardKind: kind, text };
        if (kind === "learning") intent.frame = composerFrame.value;
        else if (!composerTag.hidden && composerTag.value !== "") intent.tag = Number(composerTag.value);
        return act(intent);
      },
    });
    const kindField = h("div", { class: "field field-inline" }, composerKindLabel, composerKind);
    const tagField = h("div", { class: "field field-inline" }, composerTagLabel, composerTag);
    const frameField = h("div", { class: "field field-inline" }, composerFrameLabel, composerFrame);
    composer.form.prepend(kindField, tagField, frameField);
    cards.root.append(cardList.element, composer.form);

    // Action plan.
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

    // The client's private notes.
    const notes = section(h, "notes");
    const notesHint = h("p", { class: "hint" });
    const notesForm = textForm(h, { multiline: true, maxLength: 10000, keep: true, describe, onSubmit: (text) => act({ kind: "writeNotes", text }) });
    notes.root.append(notesHint, notesForm.form);

    // Speaking turns.
    const turns = section(h, "turns");
    const speakerLine = h("p", { class: "pc-speaker", dataset: { testid: "speaker" } });
    const handButton = h("button", { type: "button", class: "button button-primary", "aria-pressed": "false" });
    const endTurnButton = h("button", { type: "button", class: "button button-secondary", onclick: () => act({ kind: "endTurn" }) });
    const handList = h("ol", { class: "hands" });
    const statsTable = h("table", { class: "pc-stats" });
    turns.root.append(speakerLine, h("p", { class: "button-row" }, handButton, endTurnButton), handList, statsTable);

    container.append(header, controls.root, turns.root, proposals.root, summary.root, contract.root, cards.root, plan.root, notes.root);

    /* ---------- State kept between updates ---------- */

    /** @type {any} */
    let last = null;
    /** @type {any} */
    let lastContext = null;
    let raised = false;
    let notesFilled = false;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    let ticker;

    handButton.addEventListener("click", () => act({ kind: raised ? "lowerHand" : "raiseHand" }));

    const drawClock = () => {
      if (!last) return;
      const now = lastContext?.serverNow?.() ?? Date.now();
      phaseTime.textContent = typeof last.deadline === "number"
        ? t(`${P}.phaseTime`, { time: formatDuration(last.deadline - now) })
        : "";
      phaseTime.dataset.over = String(typeof last.deadline === "number" && last.deadline <= now);
      if (last.speaker) speakerLine.textContent = t(`${P}.turns.speaking`, { name: lastContext.memberName(last.speaker), time: formatDuration(now - last.speakerSince) });
    };

    /**
     * @param {any} view
     * @param {import("../js/activity-host.js").ActivityContext} context
     */
    function update(view, context) {
      const previous = last;
      last = view;
      lastContext = context;
      const me = context.me?.id;
      const isClient = view.client === me;
      const participant = context.role === "participant";
      const consultant = participant && !isClient;
      const lead = context.facilitates;
      const readOnly = context.readOnly;
      const who = lead ? "facilitator" : isClient ? "client" : consultant ? "consultant" : "observer";
      const phase = view.phase;
      const name = (id) => context.memberName(id);

      // Header.
      phaseList.replaceChildren(...view.phases.map((entry) =>
        h("li", { class: "pc-phase", "aria-current": entry.id === phase ? "step" : null, dataset: { phase: entry.id } },
          t(`${P}.phase.${entry.id}`, { number: entry.number }))));
      caseLine.textContent = view.cases > 1 ? t(`${P}.case`, { case: view.case, cases: view.cases }) : "";
      caseLine.hidden = view.cases <= 1;
      clientLine.textContent = view.client
        ? t(phase === "consultation" && view.clientListens ? `${P}.clientListening` : `${P}.clientIs`, { name: name(view.client) })
        : t(`${P}.noClient`);
      rule.textContent = t(`${P}.rule.${phase}.${who}`);
      if (previous && previous.phase !== phase) announce(t(`${P}.announce.phase`, { phase: t(`${P}.phase.${phase}`, { number: view.phases.find((p) => p.id === phase)?.number ?? "" }) }));
      if (previous && previous.client !== view.client && view.client) announce(t(`${P}.announce.client`, { name: name(view.client) }));

      // Facilitator controls.
      controls.heading.textContent = t(`${P}.controls.heading`);
      controls.root.hidden = !lead || readOnly;
      previousButton.textContent = t(`${P}.controls.previous`);
      nextButton.textContent = t(`${P}.controls.next`);
      extendButton.textContent = t(`${P}.controls.extend`);
      restartButton.textContent = t(`${P}.controls.restart`);
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

      // Proposals (phase 0).
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

      // Summary.
      summary.heading.textContent = t(`${P}.summary.heading`);
      summaryText.replaceChildren(...(view.summary ? renderMarkdown(view.summary) : [h("p", { class: "muted", text: t(`${P}.summary.none`) })]));
      summary.root.hidden = phase === "subject";
      summaryForm.form.hidden = !(isClient && phase === "expose") || readOnly;
      summaryForm.label.textContent = t(`${P}.summary.label`);
      summaryForm.button.textContent = t(`${P}.summary.submit`);

      // Request.
      contract.heading.textContent = t(`${P}.contract.heading`);
      contractView.replaceChildren(view.contract.length ? contractList(h, view.contract, t) : h("p", { class: "muted", text: t(`${P}.contract.none`) }));
      contract.root.hidden = !view.phases.some((p) => p.id === "contract") || ["subject", "expose", "clarification"].includes(phase);
      contractForm.hidden = !(isClient && phase === "contract") || readOnly;
      contractLabels.forEach((label, index) => (label.textContent = t(`${P}.contract.item`, { number: index + 1 })));
      contractButton.textContent = t(`${P}.contract.submit`);

      // Cards.
      cards.heading.textContent = t(`${P}.cards.heading`);
      cards.root.hidden = phase === "subject" || phase === "expose";
      cardList.render(view, { isClient, lead, readOnly, name });
      const kinds = KINDS[phase] ?? [];
      const mayPost = !readOnly && ((consultant && kinds.length > 0 && phase !== "learnings") || (participant && phase === "learnings"));
      composer.form.hidden = !mayPost;
      if (mayPost) {
        const keptKind = composerKind.value;
        composerKind.replaceChildren(...kinds.map((kind) => h("option", { value: kind, text: t(`${P}.kind.${kind}`) })));
        if (kinds.includes(keptKind)) composerKind.value = keptKind;
        kindField.hidden = kinds.length < 2;
        const tagged = phase === "consultation" && view.contract.length > 0;
        tagField.hidden = !tagged;
        const keptTag = composerTag.value;
        composerTag.replaceChildren(...view.contract.map((item, index) => h("option", { value: String(index), text: `${index + 1}. ${item}` })));
        if (keptTag !== "" && Number(keptTag) < view.contract.length) composerTag.value = keptTag;
        frameField.hidden = phase !== "learnings";
        const keptFrame = composerFrame.value;
        composerFrame.replaceChildren(...FRAMES.map((frame) => h("option", { value: frame, text: t(`${P}.frame.${frame}`) })));
        if (keptFrame) composerFrame.value = keptFrame;
      }
      composerKindLabel.textContent = t(`${P}.composer.kind`);
      composerTagLabel.textContent = t(`${P}.composer.tag`);
      composerFrameLabel.textContent = t(`${P}.composer.frame`);
      composer.label.textContent = t(`${P}.composer.label.${phase}`);
      composer.button.textContent = t(`${P}.composer.submit`);

      // Action plan.
      plan.heading.textContent = t(`${P}.plan.heading`);
      plan.root.hidden = !(phase === "synthesis" || phase === "learnings" || view.actions.length > 0);
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

      // Notes (the client only; the server sends them to nobody else).
      notes.heading.textContent = t(`${P}.notes.heading`);
      notes.root.hidden = !isClient || readOnly;
      notesHint.textContent = t(`${P}.notes.hint`);
      notesForm.label.textContent = t(`${P}.notes.label`);
      notesForm.button.textContent = t(`${P}.notes.submit`);
      if (isClient && !notesFilled) {
        notesForm.field.value = context.me?.activity?.notes ?? "";
        notesFilled = true;
      }

      // Speaking turns.
      turns.heading.textContent = t(`${P}.turns.heading`);
      raised = view.hands.includes(me);
      handButton.hidden = !participant || readOnly || view.speaker === me;
      handButton.setAttribute("aria-pressed", String(raised));
      handButton.textContent = t(raised ? `${P}.turns.lower` : `${P}.turns.raise`);
      endTurnButton.hidden = readOnly || !(view.speaker && (lead || view.speaker === me));
      endTurnButton.textContent = t(`${P}.turns.end`);
      speakerLine.hidden = !view.speaker;
      if (!view.speaker) speakerLine.textContent = "";
      if (previous && view.speaker && previous.speaker !== view.speaker) announce(t(`${P}.announce.floor`, { name: name(view.speaker) }));
      handList.replaceChildren(...view.hands.map((id, index) => h("li", { class: "hand" },
        h("span", { class: "hand-rank", text: `${index + 1}.` }), " ", h("span", { class: "hand-name", text: name(id) }),
        lead && !readOnly
          ? h("button", { type: "button", class: "button button-small", onclick: () => act({ kind: "giveFloor", participant: id }), "aria-label": t("hands.giveFloorTo", { name: name(id) }) }, t("hands.giveFloor"))
          : null)));
      renderSpeakingStats(statsTable, view, { shown: lead && !readOnly, name, h, t });

      clearInterval(ticker);
      drawClock();
      if (typeof view.deadline === "number" || view.speaker) ticker = setInterval(drawClock, 1000);
    }

    return {
      update,
      unmount() {
        clearInterval(ticker);
      },
    };
  },
};

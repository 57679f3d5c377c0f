/**
 * Peer consultation (co-development), the entry module the server names
 * (`/activities/peer-consultation/index.js`): it builds the parts of the page,
 * each in a module of this folder, hands them every view with who is reading,
 * and keeps the clock of the phase and of the floor ticking.
 *
 *   header.js     the phases, the case, the time left, the client, the rule
 *   controls.js   the facilitator's controls (phases, naming the client)
 *   turns.js      the activity's speaking turns (+ stats.js)
 *   proposals.js  phase 0: proposals, votes, the pick
 *   summary.js    the client's summary (exposé)
 *   contract.js   the request ("Aidez-moi à …")
 *   composer.js   the cards (cards.js) and the composer
 *   plan.js       the action plan
 *   notes.js      the client's private notes
 *   reader.js     who is reading; parts.js: section, text form, request list
 *
 * The server enforces every rule; these modules offer only what the person may
 * do in the current phase, and explain the rule. Contract: docs/web-client.md.
 * Strings: ./i18n.json; the view's schema: ./view.schema.json.
 *
 * @module activities/peer-consultation
 */

import { createCards } from "./composer.js";
import { createContract } from "./contract.js";
import { createControls } from "./controls.js";
import { createHeader } from "./header.js";
import { createNotes } from "./notes.js";
import { createPlan } from "./plan.js";
import { createProposals } from "./proposals.js";
import { readerOf } from "./reader.js";
import { createSummary } from "./summary.js";
import { createTurns } from "./turns.js";

/** The parts of the page in each phase's order: what one does now comes first. */
const ORDER = {
  subject: ["proposals", "turns", "summary", "contract", "cards", "plan", "notes"],
  expose: ["summary", "turns", "contract", "cards", "plan", "notes", "proposals"],
  clarification: ["cards", "turns", "summary", "contract", "plan", "notes", "proposals"],
  contract: ["contract", "cards", "turns", "summary", "plan", "notes", "proposals"],
  consultation: ["cards", "contract", "notes", "turns", "summary", "plan", "proposals"],
  synthesis: ["plan", "cards", "contract", "turns", "summary", "notes", "proposals"],
  learnings: ["cards", "plan", "contract", "turns", "summary", "notes", "proposals"],
};

/** @type {import("../../js/activity-host.js").ActivityModule} */
export default {
  mount(container, api) {
    const { h, t, send, announce } = api;
    const describe = api.describe;
    /** A refusal stays visible at the top of the activity until the phase changes. */
    const notice = h("p", { class: "activity-notice", role: "alert", hidden: true, dataset: { testid: "pc-notice" } });
    /** Sends; a refusal is shown and announced. Returns the promise for forms to await. */
    const act = (intent) => {
      const request = send(intent);
      request.then(() => (notice.hidden = true), (error) => {
        notice.textContent = describe(error);
        notice.hidden = false;
        announce(describe(error));
      });
      return request;
    };
    /** @type {import("./reader.js").Kit} */
    const kit = { api, h, t, announce, act, describe };

    // Built once, in this order (parts.js numbers the ids of sections and fields as they are made);
    // updates only fill them. Placed in the page's order below.
    const header = createHeader(kit);
    const controls = createControls(kit);
    const proposals = createProposals(kit);
    const summary = createSummary(kit);
    const contract = createContract(kit);
    const cards = createCards(kit);
    const plan = createPlan(kit);
    const notes = createNotes(kit);
    const turns = createTurns(kit);
    const parts = { proposals, summary, contract, cards, plan, notes, turns };
    const body = h("div", { class: "pc-body" });
    container.append(header.root, notice, controls.root, body);
    /** The parts in the order of the phase: the action of the moment first (moved only when the phase changes). */
    const arrange = (phase) => {
      const focused = document.activeElement;
      const order = ORDER[phase] ?? ORDER.subject;
      order.forEach((name, index) => {
        const root = parts[name].root;
        if (body.children[index] !== root) body.insertBefore(root, body.children[index] ?? null);
      });
      if (focused instanceof HTMLElement && focused !== document.activeElement && body.contains(focused)) focused.focus();
    };

    /** @type {any} */
    let last = null;
    /** @type {any} */
    let lastContext = null;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    let ticker;

    const drawClock = () => {
      if (!last) return;
      const now = lastContext?.serverNow?.() ?? Date.now();
      header.tick(last, now, Boolean(lastContext?.clockShown));
      turns.tick(last, lastContext, now);
    };

    /**
     * @param {any} view
     * @param {import("../../js/activity-host.js").ActivityContext} context
     */
    function update(view, context) {
      const previous = last;
      if (previous && (previous.phase !== view.phase || previous.case !== view.case)) notice.hidden = true;
      last = view;
      lastContext = context;
      const reader = readerOf(view, context);
      if (previous?.phase !== view.phase) arrange(view.phase);
      container.dataset.phase = view.phase;
      header.update(view, previous, reader);
      controls.update(view, reader, context);
      proposals.update(view, reader, context);
      summary.update(view, reader);
      contract.update(view, reader);
      cards.update(view, reader);
      plan.update(view, reader);
      notes.update(view, reader, context);
      turns.update(view, previous, reader);

      clearInterval(ticker);
      drawClock();
      if (typeof view.deadline === "number" || view.speaker) ticker = setInterval(drawClock, 1000);
    }

    return {
      update,
      /** The phase's deadline, which the page's big countdown follows. */
      clock() {
        if (!last || typeof last.deadline !== "number") return null;
        return { deadline: last.deadline, label: t("activity.peer-consultation.clockLabel", { phase: t(`activity.peer-consultation.phaseShort.${last.phase}`) }) };
      },
      unmount() {
        clearInterval(ticker);
      },
    };
  },
};

/**
 * Vote, the entry module the server names (`/activities/vote/index.js`): the question
 * and where the vote stands, the ballot for those who vote, the results when they are
 * shown, and the facilitator's controls.
 *
 *   ballot.js   the ballot form of each method
 *   results.js  the outcome and its chart (SVG bars, merit profiles, pairwise matrix, rounds)
 *   control.js  the facilitator: draft, open / close / publish / reopen / cancel, who voted
 *   seal.js     a secret ballot's seal, and the ballot, kept on this device only
 *   kit.js      the string prefix, what the parts are built with, who is reading
 *
 * The server checks every ballot; a secret one is sent with this device's seal and the
 * server never learns whose it is. Contract: docs/web-client.md. Strings: ./i18n.json;
 * the view's schema: ./view.schema.json.
 *
 * @module activities/vote
 */

import { formatDuration } from "../../js/time.js";
import { createBallot } from "./ballot.js";
import { createControl } from "./control.js";
import { P, readerOf } from "./kit.js";
import { createResults } from "./results.js";
import { remember, remembered } from "./seal.js";

/** @type {import("../../js/activity-host.js").ActivityModule} */
export default {
  mount(container, api) {
    // `describe` finds this activity's own sentences (`refusal.*` in i18n.json) first.
    const { h, t, send, announce, describe } = api;
    const notice = h("p", { class: "activity-notice", role: "alert", dataset: { testid: "vote-notice" } });
    const act = (intent) => {
      const request = send(intent);
      request.catch((error) => {
        notice.textContent = describe(error);
        announce(describe(error));
      });
      return request;
    };
    /** @type {import("./kit.js").Kit} */
    const kit = { h, t, announce, act, describe };

    const question = h("h3", { class: "vote-question", dataset: { testid: "vote-question" } });
    const state = h("p", { class: "vote-state", dataset: { testid: "vote-state" } });
    const warning = h("p", { class: "vote-warning", dataset: { testid: "vote-warning" } });
    const mineLine = h("p", { class: "vote-mine", dataset: { testid: "vote-mine" } });
    const ballot = createBallot(kit);
    const results = createResults(kit);
    const control = createControl(kit);
    container.append(h("div", { class: "vote" }, question, state, warning, notice, control.root, mineLine, ballot.form, results.root));

    /** @type {any} */
    let last = null;
    /** @type {any} */
    let lastContext = null;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    let ticker;
    let lastPhase = null;

    /** What this voter cast: the server's copy for an open vote, this device's for a secret one. */
    const cast = () => {
      if (!last || !lastContext?.me) return null;
      if (!last.secret) return lastContext.me.activity?.ballot ?? null;
      return lastContext.me.activity?.voted ? remembered(lastContext.me.id, lastContext.step).ballot : null;
    };

    ballot.form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const filled = ballot.read();
      if (!filled) {
        ballot.status.textContent = t(`${P}.ballot.empty`);
        return;
      }
      const intent = { kind: "cast", ballot: filled };
      let entry = null;
      if (last.secret) {
        entry = remembered(lastContext.me.id, lastContext.step);
        intent.seal = entry.seal;
      }
      // Still unanswered after a moment: the connection is down and the ballot waits to be sent.
      const slow = setTimeout(() => (ballot.status.textContent = t(`${P}.ballot.waiting`)), 800);
      try {
        await act(intent);
        if (entry) remember(lastContext.me.id, lastContext.step, { ...entry, ballot: filled });
        ballot.status.textContent = t(`${P}.ballot.saved`);
        notice.textContent = "";
      } catch (error) {
        ballot.status.textContent = describe(error);
      } finally {
        clearTimeout(slow);
      }
    });

    const tick = () => {
      if (!last) return;
      const now = lastContext?.serverNow?.() ?? Date.now();
      // The page's big countdown follows the vote's close when it shows one: one timer per moment.
      const left = typeof last.deadline === "number" && last.phase === "open" && !lastContext?.clockShown
        ? formatDuration(last.deadline - now) : null;
      state.textContent = [t(`${P}.phase.${last.phase}`), t(last.secret ? `${P}.secret` : `${P}.open`),
        t(`${P}.turnout`, { count: last.turnout, eligible: readerOf(last, lastContext, t).eligible }),
        left ? t(`${P}.closesIn`, { time: left }) : ""].filter(Boolean).join(" · ");
    };

    return {
      /**
       * @param {any} view
       * @param {import("../../js/activity-host.js").ActivityContext} context
       */
      update(view, context) {
        last = view;
        lastContext = context;
        const reader = readerOf(view, context, t);
        question.textContent = view.question || t(`${P}.noQuestion`);
        if (lastPhase !== null && lastPhase !== view.phase) {
          announce(t(`${P}.announce.${view.phase}`));
          notice.textContent = "";
        }
        lastPhase = view.phase;
        warning.hidden = !(view.secret && view.smallGroup && view.phase !== "draft");
        warning.textContent = t(`${P}.smallGroup`);
        const mine = cast();
        const voted = Boolean(context.me?.activity?.voted);
        ballot.form.hidden = !(reader.voter && view.phase === "open" && !(voted && view.final));
        ballot.update(view, reader, mine);
        mineLine.hidden = !(reader.voter && voted);
        mineLine.textContent = voted
          ? t(view.secret ? `${P}.mine.secret` : `${P}.mine.open`) + (view.final ? ` ${t(`${P}.mine.final`)}` : "")
          : "";
        results.update(view, reader);
        control.update(view, reader);
        clearInterval(ticker);
        tick();
        if (view.phase === "open" && typeof view.deadline === "number") ticker = setInterval(tick, 1000);
      },
      /** The vote's close, which the page's big countdown follows. */
      clock() {
        if (!last || last.phase !== "open" || typeof last.deadline !== "number") return null;
        return { deadline: last.deadline, label: t(`${P}.clockLabel`) };
      },
      unmount() {
        clearInterval(ticker);
      },
    };
  },
};

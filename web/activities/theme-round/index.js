/**
 * Theme round (tour de table), the entry module the server names
 * (`/activities/theme-round/index.js`): it builds the parts of the page, each
 * in a module of this folder, hands them every view with who is reading, and
 * keeps the speaker's clock ticking.
 *
 *   stage.js  the theme, who has the floor, the time left, who is next, the
 *             buttons of the moment (speaker and facilitator)
 *   cards.js  the cards under their headings, dots, the composer
 *   queue.js  the speaking order, skipped and heard; the facilitator drives it
 *   setup.js  starting a round, pairs by territory, speaking times, past rounds
 *   kit.js    what the parts are built with, and who is reading
 *
 * The server enforces every rule; these modules offer only what the person may
 * do now. Contract: docs/web-client.md. Strings: ./i18n.json; the view's
 * schema: ./view.schema.json.
 *
 * @module activities/theme-round
 */

import { createCards } from "./cards.js";
import { P, readerOf } from "./kit.js";
import { createQueue } from "./queue.js";
import { createSetup } from "./setup.js";
import { createStage } from "./stage.js";

/** @type {import("../../js/activity-host.js").ActivityModule} */
export default {
  mount(container, api) {
    // `describe` finds this activity's own sentences (`refusal.*` in i18n.json) first.
    const { h, t, send, announce, describe } = api;
    /** Sends and announces a refusal; returns the promise for forms to await. */
    const act = (intent) => {
      const request = send(intent);
      request.catch((error) => {
        announce(describe(error));
        notice.textContent = describe(error);
      });
      return request;
    };
    const notice = h("p", { class: "activity-notice", role: "alert", dataset: { testid: "round-notice" } });
    /** @type {import("./kit.js").Kit} */
    const kit = { h, t, announce, act, describe, locale: api.locale };

    const stage = createStage(kit);
    const cards = createCards(kit);
    const queue = createQueue(kit);
    const setup = createSetup(kit);
    const columns = h("div", { class: "tr-columns" }, h("div", { class: "tr-main" }, stage.root, notice, cards.root), h("div", { class: "tr-side" }, queue.root));
    container.append(h("div", { class: "theme-round" }, columns, setup.root));

    /** @type {any} */
    let last = null;
    /** @type {import("./kit.js").Reader | null} */
    let reader = null;
    /** @type {any} */
    let lastContext = null;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    let ticker;

    const drawClock = () => {
      if (!last || !reader) return;
      stage.tick(last, reader, lastContext?.serverNow?.() ?? Date.now(), Boolean(lastContext?.clockShown));
    };

    return {
      /**
       * @param {any} view
       * @param {import("../../js/activity-host.js").ActivityContext} context
       */
      update(view, context) {
        const before = reader;
        last = view;
        lastContext = context;
        reader = readerOf(view, context, t);
        // A refusal shown earlier is cleared once the round has moved on.
        if (before && (before.round?.floor?.speaker !== reader.round?.floor?.speaker || before.running !== reader.running)) notice.textContent = "";
        stage.update(view, reader);
        cards.update(view, reader, context.me?.activity);
        queue.update(view, reader);
        setup.update(view, reader, context);
        clearInterval(ticker);
        drawClock();
        if (reader.running && reader.round.floor) ticker = setInterval(drawClock, 1000);
      },
      /** The speaker's time, which the page's big countdown follows. */
      clock() {
        const floor = reader?.running ? reader.round.floor : undefined;
        if (!floor || typeof floor.deadline !== "number") return null;
        return { deadline: floor.deadline, label: t(`${P}.stage.clockLabel`, { name: reader.name(floor.speaker) }) };
      },
      unmount() {
        clearInterval(ticker);
      },
    };
  },
};

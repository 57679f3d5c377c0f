/**
 * What the facilitator sets between rounds: the theme of the next round
 * (from the step's list, or typed), the territories' pairs when the round runs
 * by territory, the speaking-time table; and, for everyone, the rounds
 * already held.
 *
 * @module activities/theme-round/setup
 */

import { formatDuration } from "../../js/time.js";
import { P } from "./kit.js";

const OTHER = "__other__";

/** @param {import("./kit.js").Kit} kit */
export function createSetup({ h, t, act, describe, locale }) {
  // Starting a round.
  const startHeading = h("h3", { id: "tr-start-heading", class: "tr-heading" });
  const intro = h("p", { class: "tr-intro", dataset: { testid: "round-intro" } });
  const themeLabel = h("label", { for: "tr-theme-choice" });
  const themeChoice = h("select", { id: "tr-theme-choice", class: "input" });
  const otherLabel = h("label", { for: "tr-theme-other" });
  const otherField = h("input", { id: "tr-theme-other", class: "input", type: "text", maxlength: "200", autocomplete: "off" });
  const otherRow = h("div", { class: "field" }, otherLabel, otherField);
  const startButton = h("button", { type: "submit", class: "button button-primary", dataset: { testid: "round-start" } });
  const startStatus = h("p", { class: "form-status", role: "status" });
  const startForm = h("form", { class: "tr-start-form", novalidate: true },
    h("div", { class: "field" }, themeLabel, themeChoice), otherRow, startButton, startStatus);
  themeChoice.addEventListener("change", () => (otherRow.hidden = themeChoice.value !== OTHER));
  startForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const theme = themeChoice.value === OTHER || !themeChoice.value ? otherField.value.trim() : themeChoice.value;
    if (!theme) {
      startStatus.textContent = t(`${P}.start.needTheme`);
      otherField.focus();
      return;
    }
    startButton.disabled = true;
    try {
      await act({ kind: "startRound", theme });
      startStatus.textContent = "";
      otherField.value = "";
    } catch (error) {
      startStatus.textContent = describe(error);
    } finally {
      startButton.disabled = false;
    }
  });
  const start = h("section", { class: "tr-section tr-start", "aria-labelledby": "tr-start-heading" }, startHeading, intro, startForm);

  // Pairs (by territory).
  const pairsHeading = h("h3", { id: "tr-pairs-heading", class: "tr-heading" });
  const pairList = h("ul", { class: "tr-pairs", dataset: { testid: "round-pairs" } });
  const firstLabel = h("label", { for: "tr-pair-first" });
  const first = h("select", { id: "tr-pair-first", class: "input input-small" });
  const secondLabel = h("label", { for: "tr-pair-second" });
  const second = h("select", { id: "tr-pair-second", class: "input input-small" });
  const pairButton = h("button", { type: "submit", class: "button button-secondary" });
  const pairForm = h("form", { class: "tr-pair-form", novalidate: true },
    h("div", { class: "field" }, firstLabel, first), h("div", { class: "field" }, secondLabel, second), pairButton);
  pairForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (first.value && second.value) act({ kind: "pair", participant: first.value, partner: second.value }).catch(() => {});
  });
  const pairs = h("section", { class: "tr-section tr-pairs-section", "aria-labelledby": "tr-pairs-heading" }, pairsHeading, pairList, pairForm);

  // Speaking time (facilitators) and past rounds.
  const stats = h("table", { class: "tr-stats", dataset: { testid: "round-stats" } });
  const pastHeading = h("h3", { id: "tr-past-heading", class: "tr-heading" });
  const pastList = h("ul", { class: "tr-past" });
  const past = h("section", { class: "tr-section tr-past-section", "aria-labelledby": "tr-past-heading" }, pastHeading, pastList);

  const root = h("div", { class: "tr-setup" }, start, pairs, stats, past);
  let themesShown = "";

  /** Options of a select of participants, keeping the choice. */
  const fillMembers = (select, members) => {
    const chosen = select.value;
    select.replaceChildren(...members.map((member) => h("option", { value: member.id, text: member.name })));
    if (members.some((member) => member.id === chosen)) select.value = chosen;
  };

  return {
    root,

    /**
     * @param {any} view
     * @param {import("./kit.js").Reader} reader
     * @param {import("../../js/activity-host.js").ActivityContext} context
     */
    update(view, { running, lead, readOnly, name, names }, context) {
      // Participants read the introduction before the first round only; the facilitator starts every round here.
      // The projector and a replay read the introduction too, before the first round.
      start.hidden = running || (!lead && view.rounds.length > 0);
      startHeading.textContent = t(view.rounds.length ? `${P}.start.again` : `${P}.start.heading`);
      intro.textContent = [t(lead ? `${P}.start.introLead` : `${P}.start.introWait`),
        view.theme && !view.rounds.length ? t(`${P}.start.chosen`, { theme: view.theme }) : ""].filter(Boolean).join(" ");
      startForm.hidden = !lead;
      themeLabel.textContent = t(`${P}.start.theme`);
      otherLabel.textContent = t(`${P}.start.other`);
      startButton.textContent = t(`${P}.start.button`);
      const key = JSON.stringify([view.themes, locale()]);
      if (key !== themesShown) {
        themesShown = key;
        const chosen = themeChoice.value;
        themeChoice.replaceChildren(...view.themes.map((theme) => h("option", { value: theme, text: theme })),
          h("option", { value: OTHER, text: t(`${P}.start.otherOption`) }));
        if ([...themeChoice.options].some((option) => option.value === chosen)) themeChoice.value = chosen;
        else if (view.theme && view.themes.includes(view.theme)) themeChoice.value = view.theme; // chosen at creation
        else if (view.theme) {
          themeChoice.value = OTHER;
          otherField.value ||= view.theme;
        }
      }
      themeChoice.parentElement.hidden = view.themes.length === 0;
      otherRow.hidden = view.themes.length > 0 && themeChoice.value !== OTHER;

      const territory = view.by === "territory";
      pairs.hidden = !territory || readOnly || (!lead && view.pairs.length === 0);
      pairsHeading.textContent = t(`${P}.pairs.heading`);
      pairList.replaceChildren(...view.pairs.map((pair) => h("li", { class: "tr-slot" },
        h("span", { class: "tr-slot-name", text: names(pair) }),
        lead ? h("button", { type: "button", class: "button button-small", onclick: () => act({ kind: "unpair", participant: pair[0] }) }, t(`${P}.pairs.split`)) : null)));
      if (!view.pairs.length) pairList.append(h("li", { class: "muted", text: t(`${P}.pairs.none`) }));
      pairForm.hidden = !lead;
      const participants = (context.members ?? []).filter((member) => member.role === "participant");
      fillMembers(first, participants);
      fillMembers(second, participants);
      if (second.value === first.value && participants.length > 1) second.value = participants.find((member) => member.id !== first.value).id;
      firstLabel.textContent = t(`${P}.pairs.first`);
      secondLabel.textContent = t(`${P}.pairs.second`);
      pairButton.textContent = t(`${P}.pairs.form`);

      const speaking = Object.entries(view.speaking ?? {}).sort((a, b) => b[1] - a[1]);
      stats.hidden = !lead || speaking.length === 0;
      if (!stats.hidden) {
        stats.replaceChildren(h("caption", { text: t(`${P}.stats.caption`) }),
          h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t(`${P}.stats.person`) }), h("th", { scope: "col", text: t(`${P}.stats.time`) }))),
          h("tbody", {}, ...speaking.map(([id, ms]) => h("tr", {}, h("th", { scope: "row", text: name(id) }), h("td", { text: formatDuration(ms) })))));
      }

      // Ended rounds, but not the latest: its cards are still on the page above.
      const done = view.rounds.slice(0, -1);
      past.hidden = done.length === 0 || readOnly;
      pastHeading.textContent = t(`${P}.past.heading`);
      pastList.replaceChildren(...done.map((round) => h("li", {},
        h("details", {}, h("summary", { text: t(`${P}.past.round`, { number: round.number, theme: round.theme, count: round.cards.length }) }),
          h("ul", { class: "tr-card-list" }, ...[...round.cards].sort((a, b) => b.dots - a.dots).map((card) =>
            h("li", { class: "tr-card" }, h("p", { class: "tr-card-text", text: card.text }),
              h("p", { class: "tr-card-meta", text: `${card.speaker ? name(card.speaker) : ""} · +${card.dots}` }))))))));
    },
  };
}

/**
 * The results: the outcome in words, then the method's chart, drawn as SVG so that it
 * reads on a projector and a phone — bars for counts, the merit profiles of majority
 * judgment (one stacked bar per option, its majority grade marked), the pairwise matrix
 * of Schulze and the rounds of instant-runoff as tables, the objections of a consent.
 * Every chart has a table or a list with the same numbers for screen readers.
 *
 * @module activities/vote/results
 */

import { P } from "./kit.js";

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes. */
function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children.filter(Boolean));
  return element;
}

/**
 * A ballot in a line of text (open votes list who voted what).
 * @param {any} ballot @param {(option: string) => string} label
 */
function describe(ballot, label) {
  if (ballot.choice !== undefined) return label(ballot.choice);
  if (ballot.approved) return ballot.approved.map(label).join(", ");
  if (ballot.dots) return Object.entries(ballot.dots).map(([option, n]) => `${label(option)} ×${n}`).join(", ");
  if (ballot.ranking) return ballot.ranking.map((tier) => [tier].flat().map(label).join(" = ")).join(" > ");
  if (ballot.grades) return Object.entries(ballot.grades).map(([option, grade]) => `${label(option)} : ${grade}`).join(" ; ");
  if (ballot.position) return ballot.reason ? `${ballot.position} (${ballot.reason})` : ballot.position;
  return String(ballot.score ?? "");
}

/** @param {import("./kit.js").Kit} kit */
export function createResults({ h, t }) {
  const heading = h("h3", { id: "vote-results-heading", class: "vote-heading" });
  const outcome = h("p", { class: "vote-outcome", dataset: { testid: "vote-outcome" } });
  // A wide table may scroll inside the chart: reachable by keyboard, named by the results heading.
  const body = h("div", { class: "vote-chart", tabindex: "0", role: "region", "aria-labelledby": "vote-results-heading" });
  const root = h("section", { class: "vote-results", "aria-labelledby": "vote-results-heading", dataset: { testid: "vote-results" } }, heading, outcome, body);

  /** Horizontal bars, longest first as ranked; the numbers written at the end of each bar. */
  function bars(entries, caption) {
    const max = Math.max(1, ...entries.map(([, value]) => value));
    const row = 34;
    const chart = svg("svg", { viewBox: `0 0 600 ${entries.length * row}`, class: "vote-bars", role: "img", "aria-hidden": "true" },
      ...entries.flatMap(([label, value], index) => [
        svg("text", { x: 0, y: index * row + 21, class: "vote-bar-label" }, label.length > 24 ? `${label.slice(0, 23)}…` : label),
        svg("rect", { x: 220, y: index * row + 6, width: Math.max(2, (value / max) * 320), height: 22, rx: 3, class: "vote-bar" }),
        svg("text", { x: 226 + Math.max(2, (value / max) * 320), y: index * row + 22, class: "vote-bar-value" }, String(value)),
      ]));
    const table = h("table", { class: "visually-hidden" }, h("caption", { text: caption }),
      h("tbody", {}, ...entries.map(([label, value]) => h("tr", {}, h("th", { scope: "row", text: label }), h("td", { text: String(value) })))));
    return [chart, table];
  }

  /** One stacked bar per option: its judgments by grade, best on the left; the median marked. */
  function profiles(view, details, order, label) {
    const grades = details.grades;
    const row = 40;
    const legend = h("ul", { class: "vote-legend" }, ...grades.map((grade, index) =>
      h("li", {}, h("span", { class: `vote-swatch vote-grade-${Math.round((index / Math.max(1, grades.length - 1)) * 6)}`, "aria-hidden": "true" }), grade)));
    const chart = svg("svg", { viewBox: `0 0 600 ${order.length * row + 8}`, class: "vote-profiles", role: "img", "aria-hidden": "true" },
      ...order.flatMap((option, index) => {
        const profile = details.profiles[option];
        const total = grades.reduce((sum, grade) => sum + profile[grade], 0) || 1;
        let x = 220;
        const y = index * row + 8;
        const parts = grades.map((grade, g) => {
          const width = (profile[grade] / total) * 370;
          const rect = svg("rect", { x, y, width, height: 24, class: `vote-grade-${Math.round((g / Math.max(1, grades.length - 1)) * 6)}` });
          x += width;
          return rect;
        });
        const name = label(option);
        return [svg("text", { x: 0, y: y + 17, class: "vote-bar-label" }, name.length > 24 ? `${name.slice(0, 23)}…` : name), ...parts,
          svg("line", { x1: 405, x2: 405, y1: y - 3, y2: y + 27, class: "vote-median" })];
      }));
    const table = h("table", { class: "vote-table" }, h("caption", { text: t(`${P}.results.profiles`) }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t(`${P}.results.option`) }), h("th", { scope: "col", text: t(`${P}.results.majorityGrade`) }),
        ...grades.map((grade) => h("th", { scope: "col", text: grade })))),
      h("tbody", {}, ...order.map((option) => h("tr", {}, h("th", { scope: "row", text: label(option) }), h("td", { text: details.majorityGrades[option] ?? "—" }),
        ...grades.map((grade) => h("td", { text: String(details.profiles[option][grade]) }))))));
    return [legend, chart, table];
  }

  function matrix(options, details, label) {
    return h("table", { class: "vote-table" }, h("caption", { text: t(`${P}.results.pairwise`) }),
      h("thead", {}, h("tr", {}, h("td", {}), ...options.map((option) => h("th", { scope: "col", text: label(option) })))),
      h("tbody", {}, ...options.map((row) => h("tr", {}, h("th", { scope: "row", text: label(row) }),
        ...options.map((column) => {
          if (row === column) return h("td", { text: "—" });
          const value = details.pairwise[row][column];
          const wins = value > details.pairwise[column][row];
          return h("td", { class: wins ? "vote-wins" : "", text: String(value) });
        })))));
  }

  function rounds(options, details, label) {
    return h("table", { class: "vote-table" }, h("caption", { text: t(`${P}.results.rounds`) }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t(`${P}.results.option`) }),
        ...details.rounds.map((_, index) => h("th", { scope: "col", text: t(`${P}.results.round`, { number: index + 1 }) })))),
      h("tbody", {}, ...options.map((option) => h("tr", {}, h("th", { scope: "row", text: label(option) }),
        ...details.rounds.map((round) => h("td", { text: round.counts[option] === undefined ? "" : String(round.counts[option]) }))))));
  }

  return {
    root,

    /**
     * @param {any} view
     * @param {import("./kit.js").Reader} reader
     */
    update(view, { label, name }) {
      const results = view.results;
      root.hidden = !results;
      if (!results) return;
      heading.textContent = t(view.phase === "open" ? `${P}.results.live` : `${P}.results.heading`);
      const ranking = results.ranking.map((tier) => [tier].flat());
      const order = ranking.flat();
      const details = results.details;
      if (view.method === "consent" || view.method === "fist-to-five") {
        outcome.textContent = t(`${P}.outcome.${details.outcome}`);
      } else if (results.winner !== undefined) {
        outcome.textContent = t(`${P}.results.winner`, { winner: label(results.winner) });
      } else {
        outcome.textContent = results.counted ? t(`${P}.results.tie`, { options: ranking[0].map(label).join(", ") }) : t(`${P}.results.none`);
      }
      outcome.append(" ", h("span", { class: "muted", text: t(`${P}.results.counted`, { count: results.counted }) }));
      const parts = [];
      switch (view.method) {
        case "single":
        case "yes-no":
        case "approval":
        case "dot":
          // Yes / no / abstain in that order (abstentions are counted, not ranked); the others as ranked.
          parts.push(...bars((view.method === "yes-no" ? view.options : order).map((option) => [label(option), details.counts[option] ?? 0]), t(`${P}.results.counts`)));
          break;
        case "schulze":
          parts.push(h("ol", { class: "vote-ranking" }, ...ranking.map((tier) => h("li", { text: tier.map(label).join(" = ") }))), matrix(view.options, details, label));
          break;
        case "irv":
          parts.push(h("ol", { class: "vote-ranking" }, ...ranking.map((tier) => h("li", { text: tier.map(label).join(" = ") }))), rounds(view.options, details, label));
          break;
        case "majority-judgment":
          parts.push(...profiles(view, details, order, label));
          break;
        case "consent":
          parts.push(...bars(["consent", "objection", "stand-aside"].map((p) => [t(`${P}.position.${p}`), details.counts[p]]), t(`${P}.results.counts`)));
          if (details.objections.length) {
            parts.push(h("h4", { text: t(view.secret ? `${P}.results.objectionsAnonymous` : `${P}.results.objections`) }),
              h("ul", { class: "vote-objections" }, ...details.objections.map((reason) => h("li", { text: reason }))));
          }
          break;
        case "fist-to-five":
          parts.push(...bars([0, 1, 2, 3, 4, 5].map((n) => [t(`${P}.fist.${n}`), details.distribution[String(n)]]), t(`${P}.results.counts`)));
          if (details.mean !== undefined) parts.push(h("p", { text: t(`${P}.results.mean`, { mean: details.mean, lowest: details.lowest }) }));
          break;
      }
      if (results.ballots) {
        parts.push(h("details", { class: "vote-named" }, h("summary", { text: t(`${P}.results.named`) }),
          h("ul", {}, ...results.ballots.map((entry) => h("li", { text: `${name(entry.voter)} : ${describe(entry.ballot, label)}` })))));
      }
      body.replaceChildren(...parts);
    },
  };
}

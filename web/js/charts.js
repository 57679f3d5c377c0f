/**
 * Small charts drawn as inline SVG (built with `document.createElementNS`, no library) for
 * the cohort's dashboard on the cohorts page (`/cohortes`).
 *
 * Every chart is hidden from screen readers (`aria-hidden`) and goes with a text
 * alternative carrying the same numbers: a visually hidden table ({@link dataTable}) or the
 * sentence above it. Bars are sized in percentages of their own SVG, never scaled by a
 * viewBox, so the text around them keeps its size from a 320 px phone to a 1920 px screen.
 * Colours come from the style sheet (classes such as `tone-accent`, `level-3`), never from
 * inline styles, which the page's CSP forbids.
 *
 * @module charts
 */

import { h } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * Creates an SVG element.
 * @param {string} tag e.g. `"rect"`
 * @param {Record<string, string | number>} [attributes] `class` included
 * @param {...(Node | string)} children
 * @returns {SVGElement}
 */
export function svgElement(tag, attributes = {}, ...children) {
  const element = /** @type {SVGElement} */ (document.createElementNS(SVG, tag));
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/**
 * An SVG as wide as its box, hidden from screen readers (its numbers are said elsewhere).
 * @param {string} className
 * @param {number} height in CSS pixels
 * @returns {SVGElement}
 */
function canvas(className, height) {
  return svgElement("svg", { class: className, width: "100%", height, "aria-hidden": "true", focusable: "false" });
}

/** @param {number} share between 0 and 1 */
const percent = (share) => `${(Math.max(0, Math.min(1, share)) * 100).toFixed(2)}%`;

/**
 * One horizontal bar: a track and the part filled, `value` out of `max`.
 * @param {number} value
 * @param {number} max
 * @param {{ tone?: string, height?: number }} [options] `tone`: a class suffix (`accent`, `success`…)
 * @returns {SVGElement}
 */
export function bar(value, max, { tone = "accent", height = 14 } = {}) {
  const svg = canvas("chart-bar", height);
  svg.append(svgElement("rect", { class: "chart-track", x: 0, y: 0, width: "100%", height, rx: 3 }));
  if (max > 0 && value > 0) {
    svg.append(svgElement("rect", { class: `chart-fill tone-${tone}`, x: 0, y: 0, width: percent(value / max), height, rx: 3 }));
  }
  return svg;
}

/**
 * A row of a {@link barList}: a label, a value drawn as a bar, and the value in words.
 * A `group` row is a heading over the rows that follow (a territory over its members);
 * `noBar`: the value in words only (a total on another scale).
 * @typedef {{ label: string, value: number, shown: string, group?: boolean, noBar?: boolean, tone?: string }} BarRow
 */

/**
 * Labelled horizontal bars on one scale (hidden from screen readers: pair it with a table).
 * @param {BarRow[]} rows
 * @param {number} [max] the scale's end (the largest value by default)
 * @returns {HTMLElement}
 */
export function barList(rows, max = Math.max(0, ...rows.map((row) => row.value))) {
  return h("div", { class: "chart-bars", "aria-hidden": "true" },
    rows.map((row) => h("div", { class: row.group ? "chart-row chart-row-group" : "chart-row" },
      h("span", { class: "chart-label", text: row.label }),
      row.noBar ? h("span", { class: "chart-nobar" }) : bar(row.value, max, { tone: row.tone ?? (row.group ? "strong" : "accent"), height: row.group ? 16 : 12 }),
      h("span", { class: "chart-value", text: row.shown }))));
}

/**
 * A bar in segments, one per unit (séances held out of those planned): `done` filled.
 * @param {number} done
 * @param {number} total
 * @returns {SVGElement}
 */
export function segments(done, total) {
  const height = 20;
  const svg = canvas("chart-segments", height);
  const count = Math.max(total, 1);
  const gap = count > 1 ? Math.min(1.2, 30 / count) : 0;
  for (let index = 0; index < count; index += 1) {
    const x = (index * 100) / count;
    svg.append(svgElement("rect", {
      class: index < done ? "chart-fill tone-accent" : "chart-track",
      x: `${x.toFixed(2)}%`, y: 0, width: `${Math.max(0.5, 100 / count - gap).toFixed(2)}%`, height, rx: 2,
    }));
  }
  return svg;
}

/**
 * A part of a {@link stackedBar}.
 * @typedef {{ key: string, value: number, tone: string, label: string }} Part
 */

/**
 * One bar split into parts (action items by status), with its legend in words beside.
 * @param {Part[]} parts
 * @returns {HTMLElement}
 */
export function stackedBar(parts) {
  const height = 28;
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  const svg = canvas("chart-stack", height);
  svg.append(svgElement("rect", { class: "chart-track", x: 0, y: 0, width: "100%", height, rx: 4 }));
  let start = 0;
  for (const part of parts) {
    if (part.value <= 0 || total === 0) continue;
    const share = part.value / total;
    svg.append(svgElement("rect", {
      class: `chart-fill tone-${part.tone}`, x: percent(start), y: 0, width: percent(share), height, "data-part": part.key,
    }));
    start += share;
  }
  const legend = h("ul", { class: "chart-legend" }, parts.map((part) => h("li", { dataset: { part: part.key } },
    swatch(part.tone), h("span", { text: part.label }))));
  return h("div", { class: "chart-stacked", "aria-hidden": "true" }, svg, legend);
}

/**
 * A small square of a tone, for a legend.
 * @param {string} tone
 * @returns {SVGElement}
 */
export function swatch(tone) {
  return svgElement("svg", { class: "chart-swatch", width: 14, height: 14, "aria-hidden": "true", focusable: "false" },
    svgElement("rect", { class: `chart-fill tone-${tone}`, x: 0, y: 0, width: 14, height: 14, rx: 2 }));
}

/**
 * A cell of a {@link heatStrip}: `level` 0 (nobody) to 4 (everyone), null for what has not
 * happened yet; `shown` written in the cell, `under` below it.
 * @typedef {{ level: number | null, shown: string, under: string }} Cell
 */

/**
 * A compact strip of cells, one per séance, darker as more people came.
 * @param {Cell[]} cells
 * @returns {SVGElement}
 */
export function heatStrip(cells) {
  const size = 30;
  const svg = canvas("chart-strip", size + 20);
  const count = Math.max(cells.length, 1);
  cells.forEach((cell, index) => {
    const x = (index * 100) / count;
    const width = 100 / count;
    const middle = `${(x + width / 2).toFixed(2)}%`;
    svg.append(svgElement("rect", {
      class: cell.level === null ? "chart-cell chart-cell-later" : `chart-cell level-${cell.level}`,
      x: `${(x + 0.4).toFixed(2)}%`, y: 0, width: `${Math.max(0.5, width - 0.8).toFixed(2)}%`, height: size, rx: 3,
    }));
    svg.append(svgElement("text", {
      class: cell.level !== null && cell.level >= 3 ? "chart-cell-text chart-cell-text-dark" : "chart-cell-text",
      x: middle, y: size / 2, "text-anchor": "middle", "dominant-baseline": "central",
    }, cell.shown));
    svg.append(svgElement("text", { class: "chart-under", x: middle, y: size + 15, "text-anchor": "middle" }, cell.under));
  });
  return svg;
}

/**
 * A table for screen readers only, with the numbers a chart draws.
 * @param {string} caption what the table holds
 * @param {string[]} head the columns' names
 * @param {string[][]} rows each row's cells, the first one naming the row
 * @returns {HTMLElement}
 */
export function dataTable(caption, head, rows) {
  // The box is hidden, not the table: a table is never narrower than its content.
  return h("div", { class: "visually-hidden" }, h("table", { class: "chart-table" },
    h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, head.map((name) => h("th", { scope: "col", text: name })))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell, index) =>
      index === 0 ? h("th", { scope: "row", text: cell }) : h("td", { text: cell })))))));
}

/**
 * A tile of the dashboard: a heading, the sentence that says it, the chart, its table.
 * @param {string} id
 * @param {string} title
 * @param {...any} content
 * @returns {HTMLElement}
 */
export function tile(id, title, ...content) {
  return h("section", { id, class: "chart-tile", "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title`, class: "chart-title", text: title }),
    content);
}

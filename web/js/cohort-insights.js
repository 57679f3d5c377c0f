/**
 * What the cohorts page (`/cohortes`) shows about a cohort as a whole, gathered for the page
 * (cohorts.js): the « Tableau de bord » (cohort-dashboard.js), the territories' « Fiches
 * d'expérience » (cohort-records.js) and the « Constats et enseignements »
 * (cohort-capitalisation.js); loaded with the cohort, redrawn with it, refreshed together.
 *
 * @module cohort-insights
 */

import { byId } from "./dom.js";
import { loadStrings } from "./i18n.js";
import { drawDashboard, loadDashboard, refreshDashboard, reloadDashboard } from "./cohort-dashboard.js";
import { drawRecords, loadRecords } from "./cohort-records.js";
import { drawCapitalisation, forgetCapitalisation } from "./cohort-capitalisation.js";

/**
 * The strings of these sections (web/i18n/dashboard.json, web/i18n/capitalisation.json).
 * @returns {Promise<unknown>}
 */
export function loadInsightStrings() {
  return Promise.all([
    loadStrings("/i18n/dashboard.json", { prefix: "dashboard." }),
    loadStrings("/i18n/capitalisation.json", { prefix: "capitalisation." }),
  ]);
}

/**
 * Another cohort is shown: nothing of the last one's is kept.
 * @param {{ dashboard: any, records: any[] | null }} page
 */
export function forgetInsights(page) {
  page.dashboard = null;
  page.records = null;
}

/**
 * Loads the dashboard and the records, and draws each as it comes.
 * @param {any} page the cohorts page's state
 */
export async function loadInsights(page) {
  const [board, records] = await Promise.all([loadDashboard(page), loadRecords(page)]);
  if (board) drawDashboard(page);
  if (records) drawRecords(page);
}

/**
 * Draws the three sections from what is loaded.
 * @param {any} page
 */
export function drawInsights(page) {
  drawDashboard(page);
  drawRecords(page);
  drawCapitalisation(page);
}

/**
 * Something they count changed (an action reviewed, a séance opened, a person added): the
 * dashboard is loaded again and the capitalisation read again when next shown.
 * @param {any} page
 */
export function insightsChanged(page) {
  forgetCapitalisation();
  drawCapitalisation(page);
  reloadDashboard(page);
}

/**
 * « Actualiser » on the dashboard: the dashboard, the records and the capitalisation again.
 * @param {any} page
 */
export function wireInsights(page) {
  byId("dashboard-refresh").addEventListener("click", (/** @type {Event} */ event) =>
    refreshDashboard(page, /** @type {HTMLButtonElement} */ (event.currentTarget), async () => {
      if (await loadRecords(page)) drawRecords(page);
      forgetCapitalisation();
      drawCapitalisation(page);
    }));
}

/** Forgets the constats et enseignements loaded (a record reviewed changes them): cohort-capitalisation.js. */
export { forgetCapitalisation };

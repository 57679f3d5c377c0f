/**
 * « Tableau de bord » at the top of a cohort on the cohorts page (`/cohortes`), from
 * `GET /api/cohorts/:id/dashboard`: séances held out of those planned, attendance (per
 * séance, per territory and per member), speaking time across séances, action items by
 * status, lessons by theme, and « Prochain client proposé » from the rotation (who should
 * bring the next co-development case, and why). Each chart is inline SVG (charts.js) with its
 * numbers in a visually hidden table or in the sentence above it.
 *
 * @module cohort-dashboard
 */

import { byId, h, replaceChildren } from "./dom.js";
import { getLocale, t } from "./i18n.js";
import { call } from "./cohort-api.js";
import { clearStatus, formatDay, plural, showDone, showRefusal, whileBusy } from "./cohort-ui.js";
import { barList, dataTable, heatStrip, segments, stackedBar, tile } from "./charts.js";
import { STATUSES, statusKey } from "./actions-sheets.js";
import { nextClientTile } from "./cohort-rotation.js";

/**
 * What this section needs from the page.
 * @typedef {object} DashboardPage
 * @property {any} cohort the cohort view
 * @property {any} dashboard the cohort's dashboard, null until loaded
 */

/**
 * Loads the dashboard; a refusal is said in the section's status line.
 * @param {DashboardPage} page
 * @returns {Promise<boolean>} whether it was loaded
 */
export async function loadDashboard(page) {
  const id = page.cohort.id;
  try {
    const board = await call(`/api/cohorts/${encodeURIComponent(id)}/dashboard`);
    if (page.cohort?.id !== id) return false; // another cohort was opened meanwhile
    page.dashboard = board;
    return true;
  } catch (error) {
    if (error.status === 401) return false;
    showRefusal(byId("dashboard-status"), error, "dashboard");
    return false;
  }
}

/**
 * Loads the dashboard again and redraws it (after a change elsewhere on the page).
 * @param {DashboardPage} page
 */
export async function reloadDashboard(page) {
  if (await loadDashboard(page)) drawDashboard(page);
}

/**
 * « Actualiser »: the dashboard again, said when done.
 * @param {DashboardPage} page
 * @param {HTMLButtonElement} button
 * @param {() => Promise<void>} [also] what else to load again (the records)
 */
export function refreshDashboard(page, button, also = async () => {}) {
  const status = byId("dashboard-status");
  whileBusy(button, async () => {
    clearStatus(status);
    const [loaded] = await Promise.all([loadDashboard(page), also()]);
    if (!loaded) return;
    drawDashboard(page);
    showDone(status, t("dashboard.refreshed"));
  });
}

/**
 * Draws the dashboard (nothing until it is loaded).
 * @param {DashboardPage} page
 */
export function drawDashboard(page) {
  const board = page.dashboard;
  if (!board) {
    replaceChildren(byId("dashboard"));
    return;
  }
  replaceChildren(byId("dashboard"),
    sessionsTile(board),
    nextClientTile(page),
    actionsTile(board),
    attendanceTile(board),
    speakingTile(board),
    themesTile(board));
}

/** A number in the page's language. @param {number} n @param {number} [digits] */
function number(n, digits = 0) {
  return new Intl.NumberFormat(getLocale(), { maximumFractionDigits: digits }).format(n);
}

/**
 * Minutes from milliseconds: « 12 min », « 0,5 min ».
 * @param {number} ms
 * @returns {string}
 */
export function minutes(ms) {
  const value = ms / 60_000;
  return t("dashboard.minutes", { n: number(value, value > 0 && value < 10 ? 1 : 0) });
}

/** @param {any} board */
function sessionsTile(board) {
  const form = new Intl.PluralRules(getLocale()).select(board.held) === "one" ? "one" : "other";
  const sentence = t(`dashboard.sessions.summary.${form}`, { n: board.held, planned: board.planned });
  const next = board.seances.find((seance) => !seance.held);
  const day = next ? formatDay(next.date, { day: "numeric", month: "long", year: "numeric" }) : "";
  return tile("dashboard-sessions", t("dashboard.sessions.title"),
    h("p", { class: "chart-figure", "aria-hidden": "true" },
      h("span", { class: "chart-big", text: String(board.held) }),
      h("span", { class: "chart-of", text: t("dashboard.sessions.of", { planned: board.planned }) })),
    h("p", { id: "dashboard-sessions-summary", class: "visually-hidden", text: sentence }),
    segments(board.held, board.planned),
    next && h("p", { class: "chart-note", text: day ? t("dashboard.sessions.next", { title: next.title, date: day }) : t("dashboard.sessions.nextUndated", { title: next.title }) }));
}

/** @param {any} board */
function actionsTile(board) {
  const counts = STATUSES.map((status) => ({ status, n: Number(board.actions?.[status] ?? 0) }));
  const total = counts.reduce((sum, { n }) => sum + n, 0);
  const label = (/** @type {string} */ status) => t(`dashboard.actions.status.${statusKey(status)}`);
  const tones = { open: "open", "in-progress": "accent", done: "success", dropped: "dropped" };
  return tile("dashboard-actions", t("dashboard.actions.title"),
    h("p", { class: "chart-summary", text: total === 0 ? t("dashboard.actions.none")
      : [plural("dashboard.actions.count", total), ...counts.filter(({ n }) => n > 0).map(({ status, n }) => t("dashboard.actions.part", { status: label(status), n }))].join(" · ") }),
    total > 0 && stackedBar(counts.map(({ status, n }) => ({ key: status, value: n, tone: tones[status], label: `${label(status)} ${n}` }))),
    total > 0 && dataTable(t("dashboard.actions.caption"), [t("dashboard.actions.statusColumn"), t("dashboard.actions.countColumn")],
      counts.map(({ status, n }) => [label(status), String(n)])));
}

/**
 * Members of a territory as the dashboard lists them.
 * @param {any} board
 * @param {string} territory
 */
function membersOf(board, territory) {
  return board.members.filter((member) => member.territory === territory);
}

/** @param {any} board */
function attendanceTile(board) {
  const people = board.members.length;
  const cells = board.seances.map((seance, index) => ({
    level: seance.held ? (people > 0 && seance.present > 0 ? Math.max(1, Math.ceil((4 * seance.present) / people)) : 0) : null,
    shown: seance.held ? String(seance.present) : "·",
    under: String(index + 1),
  }));
  const rows = board.territories.flatMap((territory) => [
    { label: territory.name, value: territory.present, shown: t("dashboard.attendance.of", { n: territory.present, held: board.held }), group: true },
    ...membersOf(board, territory.id).map((member) => ({
      label: member.name, value: member.attended, shown: t("dashboard.attendance.of", { n: member.attended, held: board.held }) })),
  ]);
  const seanceRows = board.seances.map((seance, index) => [
    t("dashboard.seance", { n: index + 1 }),
    seance.title,
    formatDay(seance.date, { day: "numeric", month: "short", year: "numeric" }) || t("dashboard.noDate"),
    seance.held ? t("dashboard.attendance.present", { n: seance.present, people }) : t("dashboard.attendance.notYet"),
  ]);
  return tile("dashboard-attendance", t("dashboard.attendance.title"),
    h("p", { class: "chart-summary", text: board.held === 0 ? t("dashboard.attendance.none")
      : t("dashboard.attendance.summary", { people }) }),
    h("h4", { class: "chart-subtitle", text: t("dashboard.attendance.bySeance") }),
    heatStrip(cells),
    h("p", { class: "chart-note", "aria-hidden": "true", text: t("dashboard.attendance.stripLegend") }),
    dataTable(t("dashboard.attendance.seanceCaption"),
      [t("dashboard.seanceColumn"), t("dashboard.titleColumn"), t("dashboard.dateColumn"), t("dashboard.attendance.presentColumn")], seanceRows),
    board.territories.length > 0 && [
      h("h4", { class: "chart-subtitle", text: plural("dashboard.attendance.byTerritory", board.held) }),
      barList(rows, Math.max(1, board.held)),
      dataTable(t("dashboard.attendance.caption", { held: board.held }),
        [t("dashboard.whoColumn"), t("dashboard.attendance.attendedColumn")],
        rows.map((row) => [row.group ? t("dashboard.territoryRow", { name: row.label }) : row.label, row.shown])),
    ]);
}

/** @param {any} board */
function speakingTile(board) {
  const total = board.members.reduce((sum, member) => sum + (member.speakingMs ?? 0), 0);
  const rows = board.territories.flatMap((territory) => [
    { label: territory.name, value: territory.speakingMs ?? 0, shown: minutes(territory.speakingMs ?? 0), group: true },
    ...membersOf(board, territory.id).map((member) => ({ label: member.name, value: member.speakingMs ?? 0, shown: minutes(member.speakingMs ?? 0) })),
  ]);
  const ranked = [...board.members].sort((a, b) => (b.speakingMs ?? 0) - (a.speakingMs ?? 0));
  const most = ranked[0];
  const least = ranked[ranked.length - 1];
  const summary = total === 0
    ? t(board.held === 0 ? "dashboard.speaking.noneYet" : "dashboard.speaking.none")
    : t("dashboard.speaking.summary", { total: minutes(total), most: most.name, mostMinutes: minutes(most.speakingMs ?? 0), least: least.name, leastMinutes: minutes(least.speakingMs ?? 0) });
  const memberMax = Math.max(1, ...board.members.map((member) => member.speakingMs ?? 0));
  return tile("dashboard-speaking", t("dashboard.speaking.title"),
    h("p", { class: "chart-summary", text: summary }),
    board.territories.length > 0 && [
      // Members' bars on one scale; a territory's total in words only (a binôme's sum is not a person's).
      barList(rows.map((row) => ({ ...row, noBar: row.group })), memberMax),
      dataTable(t("dashboard.speaking.caption"), [t("dashboard.whoColumn"), t("dashboard.speaking.minutesColumn")],
        rows.map((row) => [row.group ? t("dashboard.territoryRow", { name: row.label }) : row.label, row.shown])),
    ]);
}

/** @param {any} board */
function themesTile(board) {
  const themes = board.themes.filter((theme) => theme.theme || theme.lessons > 0 || theme.seances > 0);
  const total = themes.reduce((sum, theme) => sum + theme.lessons, 0);
  const rows = themes.map((theme) => ({
    label: theme.theme ?? t("dashboard.themes.noTheme"),
    value: theme.lessons,
    shown: theme.seances === 0 && theme.lessons === 0 ? t("dashboard.themes.notYet")
      : t("dashboard.themes.row", { lessons: plural("dashboard.themes.lessons", theme.lessons), seances: plural("dashboard.themes.seances", theme.seances) }),
  }));
  return tile("dashboard-themes", t("dashboard.themes.title"),
    h("p", { class: "chart-summary", text: total === 0 ? t("dashboard.themes.none") : plural("dashboard.themes.summary", total) }),
    rows.length > 0 && [
      barList(rows, Math.max(1, ...rows.map((row) => row.value))),
      dataTable(t("dashboard.themes.caption"), [t("dashboard.themes.themeColumn"), t("dashboard.themes.lessonsColumn"), t("dashboard.themes.seancesColumn")],
        themes.map((theme) => [theme.theme ?? t("dashboard.themes.noTheme"), String(theme.lessons), String(theme.seances)])),
    ]);
}

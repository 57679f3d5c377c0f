/**
 * Two sections of the member's page (`/moi`): « Constats et enseignements de la cohorte »
 * (`GET /api/me/capitalisation`, read in the page, printed, downloaded as the printable
 * page) and « Mes données » (`GET /api/me/export`: everything held about them, downloaded as
 * a JSON file under the server's name; erasing a member is the trainer's to do). Also the
 * page's « Sur cette page » links, which move to a section without touching the address
 * (its fragment holds the personal key).
 *
 * @module member-data
 */

import { byId, replaceChildren, setText } from "./dom.js";
import { t } from "./i18n.js";
import { call, refusal } from "./member-api.js";
import { saveFile } from "./actions-sheets.js";
import { capitalisationViewer, fileNameOf } from "./capitalisation-view.js";

/** @type {import("./capitalisation-view.js").ViewerStore} open or not, the text loaded */
const store = { open: false, text: null };

/** Forgets the constats et enseignements loaded: an action reviewed changes them. */
export function forgetCapitalisation() {
  store.text = null;
}

/**
 * Draws the constats et enseignements' viewer (what was open stays open).
 * @param {{ me: any }} page
 */
export function drawCapitalisation(page) {
  replaceChildren(byId("capitalisation"), capitalisationViewer({
    id: "capitalisation-viewer",
    store,
    words: {
      show: t("capitalisation.member.show"),
      hide: t("capitalisation.member.hide"),
      print: t("capitalisation.print"),
      download: t("capitalisation.download"),
      loading: t("capitalisation.loading"),
      failed: (error) => refusal(error, "capitalisation"),
      downloaded: (file) => t("capitalisation.downloaded", { file }),
      described: t("capitalisation.described", { cohort: page.me.cohortName }),
    },
    load: async () => (await call("/api/me/capitalisation", { raw: true })).text(),
    download: async () => {
      const response = await call("/api/me/capitalisation?format=html", { raw: true });
      return { blob: await response.blob(), name: fileNameOf(response, "constats-et-enseignements.html") };
    },
  }));
}

/**
 * « Télécharger toutes mes données (JSON) »: the file under the server's name, said when done.
 * @param {HTMLButtonElement} button
 */
async function downloadData(button) {
  const status = byId("data-status");
  button.disabled = true;
  delete status.dataset.tone;
  setText(status, t("capitalisation.data.preparing"));
  try {
    const response = await call("/api/me/export", { raw: true });
    const name = fileNameOf(response, "atelier-mes-donnees.json");
    saveFile(await response.blob(), name);
    status.dataset.tone = "success";
    setText(status, t("capitalisation.data.downloaded", { file: name }));
  } catch (error) {
    status.dataset.tone = "error";
    setText(status, refusal(error, "export"));
  } finally {
    button.disabled = false;
  }
}

/**
 * Wires « Mes données », and the « Sur cette page » links (`data-jump`: the section's
 * heading; `data-open`: also unfold the constats et enseignements).
 */
export function wireData() {
  byId("data-download").addEventListener("click", (/** @type {Event} */ event) =>
    downloadData(/** @type {HTMLButtonElement} */ (event.currentTarget)));
  for (const link of document.querySelectorAll("[data-jump]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault(); // the address keeps #key=
      const target = byId(link.getAttribute("data-jump") ?? "");
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1"); // a heading takes the focus
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
      if (link.hasAttribute("data-open") && !store.open) document.getElementById("capitalisation-viewer-show")?.click();
    });
  }
}

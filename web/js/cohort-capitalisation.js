/**
 * « Constats et enseignements » on the cohorts page (`/cohortes`): the cohort's
 * capitalisation (`GET /api/cohorts/:id/capitalisation`: lessons by theme, then each
 * territory's page with its fiche d'expérience) read in the page, printed alone, or
 * downloaded as the printable page (`?format=html`).
 *
 * @module cohort-capitalisation
 */

import { byId, replaceChildren } from "./dom.js";
import { t } from "./i18n.js";
import { call, refusalSentence } from "./cohort-api.js";
import { capitalisationViewer, fileNameOf } from "./capitalisation-view.js";

/** @type {import("./capitalisation-view.js").ViewerStore} open or not, the text loaded */
const store = { open: false, text: null };

/** The cohort whose capitalisation is drawn (another one starts afresh). */
let drawnFor = "";

/** Forgets the text loaded: a record reviewed, an action followed up change it. */
export function forgetCapitalisation() {
  store.text = null;
}

/**
 * Draws the section's viewer (what was open stays open, read again if it changed).
 * @param {{ cohort: any }} page
 */
export function drawCapitalisation(page) {
  if (drawnFor !== page.cohort.id) {
    drawnFor = page.cohort.id;
    store.open = false;
    store.text = null;
  }
  const path = `/api/cohorts/${encodeURIComponent(page.cohort.id)}/capitalisation`;
  replaceChildren(byId("capitalisation"), capitalisationViewer({
    id: "capitalisation-viewer",
    store,
    words: {
      show: t("capitalisation.trainer.show"),
      hide: t("capitalisation.trainer.hide"),
      print: t("capitalisation.print"),
      download: t("capitalisation.download"),
      loading: t("capitalisation.loading"),
      failed: (error) => refusalSentence(error, "capitalisation"),
      downloaded: (file) => t("capitalisation.downloaded", { file }),
      described: t("capitalisation.described", { cohort: page.cohort.name }),
    },
    load: async () => (await call(path, { raw: true })).text(),
    download: async () => {
      const response = await call(`${path}?format=html`, { raw: true });
      return { blob: await response.blob(), name: fileNameOf(response, "constats-et-enseignements.html") };
    },
  }));
}

/**
 * Who is reading: the person's place in the current case (client, consultant,
 * facilitator, observer, the projector), worked out once per update from the
 * activity's view and the host's context and handed to every part of the page.
 * Also the kit every part is built with. Imports nothing.
 *
 * @module activities/peer-consultation/reader
 */

/**
 * What every part is built with: the host's API and the two helpers of index.js.
 * @typedef {object} Kit
 * @property {import("../../js/activity-host.js").ActivityAPI} api the whole API (for the card list)
 * @property {import("../../js/activity-host.js").ActivityAPI["h"]} h
 * @property {import("../../js/activity-host.js").ActivityAPI["t"]} t
 * @property {import("../../js/activity-host.js").ActivityAPI["announce"]} announce
 * @property {(intent: object) => Promise<unknown>} act sends an intent and announces a refusal
 * @property {(error: any) => string} describe a refusal as readable text
 */

/**
 * @typedef {object} Reader
 * @property {string | undefined} me the member's id
 * @property {boolean} isClient the member is the current case's client (or a co-client)
 * @property {boolean} participant the member takes part (is not a facilitator or an observer)
 * @property {boolean} consultant a participant who is not the client
 * @property {boolean} lead the member leads or co-leads the session
 * @property {boolean} readOnly the projector: show, never offer to act
 * @property {"facilitator" | "client" | "consultant" | "observer"} who whose rule of the phase to show
 * @property {string} phase the current phase's id
 * @property {"participant" | "console" | "projector" | "replay"} face the page drawing the activity
 * @property {string} sessionLocale the session's language, in which the request was written
 * @property {(id: string) => string} name a member's display name
 */

/**
 * @param {any} view the activity's view
 * @param {import("../../js/activity-host.js").ActivityContext} context
 * @returns {Reader}
 */
export function readerOf(view, context) {
  const me = context.me?.id;
  // A territory's case: the client's binôme partners are co-clients, and act as the client.
  const isClient = me !== undefined && (view.client === me || (view.coClients ?? []).includes(me));
  const participant = context.role === "participant";
  const consultant = participant && !isClient;
  const lead = context.facilitates;
  const readOnly = context.readOnly;
  const who = lead ? "facilitator" : isClient ? "client" : consultant ? "consultant" : "observer";
  const face = context.face ?? "participant";
  const sessionLocale = context.sessionLocale ?? "fr";
  return { me, isClient, participant, consultant, lead, readOnly, who, phase: view.phase, face, sessionLocale, name: (id) => context.memberName(id) };
}

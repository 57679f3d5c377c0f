/**
 * What every part of the vote is built with, and who is reading. Imports nothing.
 *
 * @module activities/vote/kit
 */

/** The prefix of this module's strings. */
export const P = "activity.vote";

/**
 * @typedef {object} Kit
 * @property {import("../../js/activity-host.js").ActivityAPI["h"]} h
 * @property {import("../../js/activity-host.js").ActivityAPI["t"]} t
 * @property {import("../../js/activity-host.js").ActivityAPI["announce"]} announce
 * @property {(intent: object) => Promise<unknown>} act sends an intent; a refusal is shown and announced
 * @property {(error: any) => string} describe a refusal as readable text, in the reader's language
 */

/**
 * @typedef {object} Reader
 * @property {string | undefined} me the member's id
 * @property {boolean} lead leads or co-leads the session
 * @property {boolean} readOnly the projector
 * @property {boolean} voter may vote in this vote
 * @property {number} eligible how many members may vote
 * @property {(id: string) => string} name a member's display name
 * @property {(option: string) => string} label an option as shown (yes / no / abstain translated)
 */

/**
 * @param {any} view
 * @param {import("../../js/activity-host.js").ActivityContext} context
 * @param {(key: string, params?: object) => string} t
 * @returns {Reader}
 */
export function readerOf(view, context, t) {
  const lead = Boolean(context.facilitates) && !context.readOnly;
  const votes = (role) => role === "participant" || (view.everyoneVotes && (role === "facilitator" || role === "cofacilitator"));
  return {
    me: context.me?.id,
    lead,
    readOnly: Boolean(context.readOnly),
    voter: !context.readOnly && votes(context.role),
    eligible: (context.members ?? []).filter((member) => votes(member.role)).length,
    name: (id) => context.memberName(id),
    label: (option) => (view.method === "yes-no" ? t(`${P}.yesNo.${option}`) : option),
  };
}

/**
 * What every part of the theme round is built with, and who is reading. The
 * kit holds the host's API and two helpers of index.js; the reader is worked
 * out once per update. Imports nothing.
 *
 * @module activities/theme-round/kit
 */

/** The prefix of this module's strings. */
export const P = "activity.theme-round";

/**
 * @typedef {object} Kit
 * @property {import("../../js/activity-host.js").ActivityAPI["h"]} h
 * @property {import("../../js/activity-host.js").ActivityAPI["t"]} t
 * @property {import("../../js/activity-host.js").ActivityAPI["announce"]} announce
 * @property {(intent: object) => Promise<unknown>} act sends an intent and announces a refusal
 * @property {(error: any) => string} describe a refusal as readable text, in the reader's language
 * @property {() => string} locale the page's language, `fr` or `en`
 */

/**
 * @typedef {object} Reader
 * @property {string | undefined} me the member's id
 * @property {boolean} participant takes part (may be given the floor, may +1)
 * @property {boolean} acts may act on this page (not the projector, not a replay)
 * @property {boolean} lead leads or co-leads the session
 * @property {boolean} readOnly the projector: show, never offer to act
 * @property {boolean} canDot may give dots (participants and facilitators)
 * @property {any} round the latest round, or null
 * @property {boolean} running a round runs
 * @property {boolean} speaking the member has the floor
 * @property {(id: string) => string} name a member's display name
 * @property {(ids: string[]) => string} names a slot's names ("Ana et Chloé")
 */

/**
 * @param {any} view the activity's view
 * @param {import("../../js/activity-host.js").ActivityContext} context
 * @param {(key: string, params?: object) => string} t
 * @returns {Reader}
 */
export function readerOf(view, context, t) {
  const me = context.me?.id;
  const round = view.rounds.at(-1) ?? null;
  const running = Boolean(round && round.endedAt === undefined);
  const lead = Boolean(context.facilitates) && !context.readOnly;
  const participant = context.role === "participant";
  const acts = !context.readOnly;
  const name = (id) => context.memberName(id);
  return {
    me, participant, acts, lead, readOnly: Boolean(context.readOnly), canDot: acts && (participant || lead),
    round, running, speaking: running && round.floor?.speaker === me, name,
    names: (ids) => ids.length === 2 ? t(`${P}.pair`, { first: name(ids[0]), second: name(ids[1]) }) : ids.map(name).join(", "),
  };
}

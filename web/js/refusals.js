/**
 * A refusal from the server as a sentence in the reader's language that says
 * what happened and what to do. The server sends a stable `code`, and for the
 * situations a person meets a `reason` key with `params`
 * (docs/protocol.md, "Errors"); this module finds the sentence:
 *
 *   reason `peer-consultation.phase-over`, params `{variant: "question"}`
 *     → `activity.peer-consultation.refusal.phase-over.question`, else
 *       `activity.peer-consultation.refusal.phase-over`
 *   reason `agenda.last-step` → `refusal.agenda.last-step`
 *   otherwise → the activity's `activity.<id>.refusal.<code>` if it has one, then the
 *   shell's `refusal.<code>`: a sentence per code
 *
 * The server's English `message` is never shown: it is for developers.
 *
 * @module refusals
 */

import { hasMessage, t } from "./i18n.js";

/**
 * @typedef {{ code?: string, message?: string, reason?: string, params?: Record<string, string> }} Refusal
 */

/**
 * @param {Refusal | undefined} refusal
 * @param {{ activity?: string }} [where] the activity whose strings may explain it
 * @returns {string}
 */
export function describeRefusal(refusal, { activity } = {}) {
  const params = refusal?.params && typeof refusal.params === "object" ? refusal.params : {};
  for (const key of candidates(refusal, activity)) {
    if (hasMessage(key)) return t(key, params);
  }
  return t("refusal.unknown");
}

/**
 * The keys to try, most specific first.
 * @param {Refusal | undefined} refusal
 * @param {string | undefined} activity
 * @returns {string[]}
 */
function candidates(refusal, activity) {
  const keys = [];
  const reason = typeof refusal?.reason === "string" ? refusal.reason : "";
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(reason)) {
    const base = activity && reason.startsWith(`${activity}.`)
      ? `activity.${activity}.refusal.${reason.slice(activity.length + 1)}`
      : `refusal.${reason}`;
    const variant = refusal?.params?.variant;
    if (typeof variant === "string" && /^[a-zA-Z0-9-]+$/.test(variant)) keys.push(`${base}.${variant}`);
    keys.push(base);
  }
  if (typeof refusal?.code === "string" && /^[a-z_]+$/.test(refusal.code)) {
    if (activity) keys.push(`activity.${activity}.refusal.${refusal.code}`);
    keys.push(`refusal.${refusal.code}`);
  }
  return keys;
}

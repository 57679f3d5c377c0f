/**
 * Small things every face needs: reading and writing a preference without
 * failing when storage is unavailable, and a server error as readable text.
 *
 * @module preferences
 */

import { t } from "./i18n.js";

/** Error codes of the protocol, each with an `errors.<code>` string. */
const ERROR_CODES = new Set([
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "rate_limited",
  "invalid_state",
  "unavailable",
  "internal",
]);

/**
 * @param {string} key
 * @returns {string | null}
 */
export function readPreference(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * @param {string} key
 * @param {string} value
 */
export function writePreference(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; it still applies to this page.
  }
}

/**
 * A refusal (`{code, message}` from the server) in the page's language.
 * @param {{ code?: unknown, message?: unknown } | undefined} error
 * @returns {string}
 */
export function errorMessage(error) {
  if (error && typeof error.code === "string" && ERROR_CODES.has(error.code)) return t(`errors.${error.code}`);
  return t("errors.unknown");
}

/**
 * Pure helpers for the join form: code normalisation and validation.
 * No DOM access, so they can be unit-tested with Node.
 *
 * Validators return `null` when the value is valid, otherwise an i18n
 * message `{ key, params }` for {@link import("./i18n.js").t}.
 *
 * @module join-validation
 */

/**
 * Characters used in join codes: capital letters and digits without the
 * easily confused I, L, O, 0 and 1. Must match the server's alphabet.
 */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** Number of characters in a join code. */
export const CODE_LENGTH = 6;

/** Maximum display-name length, in Unicode code points. */
export const NAME_MAX_LENGTH = 60;

/** @typedef {{ key: string, params?: Record<string, string | number> }} Problem */

/**
 * Uppercases a typed or pasted code and drops spaces and hyphens
 * ("k7m-q2x" → "K7MQ2X"); keeps at most {@link CODE_LENGTH} characters.
 *
 * @param {string} raw
 * @returns {string}
 */
export function normalizeCode(raw) {
  return raw.toUpperCase().replace(/[\s-]+/g, "").slice(0, CODE_LENGTH);
}

/**
 * @param {string} code an already normalised code
 * @returns {Problem | null}
 */
export function validateCode(code) {
  if (code === "") return { key: "join.code.error.required" };
  const invalid = [...new Set([...code].filter((char) => !CODE_ALPHABET.includes(char)))];
  if (invalid.length > 0) {
    return { key: "join.code.error.charset", params: { chars: invalid.join(" ") } };
  }
  if (code.length !== CODE_LENGTH) {
    return { key: "join.code.error.length", params: { length: CODE_LENGTH, count: code.length } };
  }
  return null;
}

/**
 * Trims a display name and collapses internal whitespace.
 * @param {string} raw
 * @returns {string}
 */
export function normalizeName(raw) {
  return raw.trim().replace(/\s+/g, " ");
}

/**
 * @param {string} name an already normalised name
 * @returns {Problem | null}
 */
export function validateName(name) {
  if (name === "") return { key: "join.name.error.required" };
  if (/\p{Cc}/u.test(name)) return { key: "join.name.error.invalid" };
  const count = [...name].length;
  if (count > NAME_MAX_LENGTH) {
    return { key: "join.name.error.tooLong", params: { max: NAME_MAX_LENGTH, count } };
  }
  return null;
}

/**
 * The join code carried by a URL: `/join/CODE` or `?code=CODE`.
 *
 * @param {Location | URL} location
 * @returns {string} the normalised code, or `""` if there is none.
 */
export function codeFromLocation(location) {
  const match = /^\/join\/([^/]+)\/?$/.exec(location.pathname);
  let raw = new URLSearchParams(location.search).get("code") ?? "";
  if (match) {
    try {
      raw = decodeURIComponent(match[1]);
    } catch {
      // Malformed percent-encoding: ignore the path.
    }
  }
  return normalizeCode(raw);
}

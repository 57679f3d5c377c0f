/**
 * The member's API from their own page (`/moi#key=…`): the personal key read from the
 * address's fragment (never sent in a request line) and given as `Authorization: Member
 * <key>`, and a refusal said as a sentence of the page's catalogue.
 *
 * @module member-api
 */

import { hasMessage, t } from "./i18n.js";

/** @returns {string | null} the personal key in the address's fragment. */
export function keyFromLocation() {
  const key = new URLSearchParams(location.hash.slice(1)).get("key");
  return key && /^[A-Za-z0-9_.-]{16,256}$/.test(key) ? key : null;
}

/** The key of this page, read once. */
export const memberKey = keyFromLocation();

/**
 * A refused call: `status` (0 when the server could not be reached), the protocol's `code`,
 * the server's (English) message, and the answer's whole `body` (a 409 carries the record
 * as it is now).
 * @typedef {Error & { status: number, code: string, body?: any }} MemberAPIError
 */

/**
 * Calls the member API with the personal key.
 * @param {string} path e.g. `/api/me`
 * @param {{ method?: string, body?: unknown, raw?: boolean }} [options] `raw`: the Response, not its JSON
 * @returns {Promise<any>}
 * @throws {MemberAPIError}
 */
export async function call(path, { method = "GET", body, raw = false } = {}) {
  /** @type {Record<string, string>} */
  const headers = { Authorization: `Member ${memberKey}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw Object.assign(new Error("offline"), { status: 0, code: "offline" });
  }
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw Object.assign(new Error(data?.error?.message ?? "error"), { status: response.status, code: data?.error?.code ?? "internal", body: data });
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/**
 * The sentence for a refused `action` (`actions`, `sheet`, `shared`): the action's sentence
 * for the code, then the page's for the code, then a general one. Never the server's words.
 * @param {any} error
 * @param {string} action
 * @returns {string}
 */
export function refusal(error, action) {
  const code = error?.status === 401 ? "unauthorized"
    : typeof error?.code === "string" && /^[a-z_]+$/.test(error.code) ? error.code : "internal";
  const key = [`member.error.${action}.${code}`, `member.error.${code}`].find((candidate) => hasMessage(candidate));
  return t(key ?? "member.error.unknown");
}

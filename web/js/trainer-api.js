/**
 * The trainer's HTTP API (`/api/…`, docs/protocol.md) from the console: the
 * bearer token kept in sessionStorage (this tab only) and one call helper.
 *
 * @module trainer-api
 */

const TOKEN_KEY = "atelier.trainerToken";

/** @returns {string | null} the trainer token of this tab, if any. */
export function token() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** @param {string | null} value the token to keep, or null to forget it */
export function setToken(value) {
  try {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // The console works for this page only.
  }
}

/** A refused API call: the HTTP status and the protocol's error code. */
export class APIError extends Error {
  /** @param {number} status @param {string} code */
  constructor(status, code) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the API with the bearer token. Without a token it fails at once (401) rather than
 * asking; a token the server refuses is forgotten and `onRejected` is called.
 *
 * @param {string} path
 * @param {{ method?: string, body?: unknown, raw?: boolean, onRejected?: () => void }} [options]
 *   `raw`: resolve with the Response instead of its JSON
 */
export async function api(path, { method = "GET", body, raw = false, onRejected } = {}) {
  const bearer = token();
  if (!bearer) throw new APIError(401, "unauthorized");
  const headers = { Authorization: `Bearer ${bearer}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    if (response.status === 401) {
      setToken(null);
      onRejected?.();
    }
    throw new APIError(response.status, problem?.error?.code ?? "internal");
  }
  return raw ? response : response.json();
}

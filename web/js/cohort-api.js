/**
 * The trainer's cohort API from the cohorts page (`/cohortes`): one call helper that keeps
 * the server's English message as a detail, and a refusal as a sentence in the page's
 * language for the action that was refused.
 *
 * A refusal is looked up most specific first: the action's sentence for the field named in
 * the server's message (`bad_request` answers start with `name:`, `date:`…), the action's
 * sentence for the code, the field's sentence, the page's sentence for the code.
 *
 * @module cohort-api
 */

import { APIError, setToken, token } from "./trainer-api.js";
import { hasMessage, t } from "./i18n.js";

/** A refused call: the HTTP status, the protocol's code and the server's (English) message. */
export class CohortAPIError extends APIError {
  /** @param {number} status @param {string} code @param {string} detail */
  constructor(status, code, detail) {
    super(status, code);
    this.detail = detail;
  }
}

/** Called when the server refuses the token (the page goes back to sign-in). */
let onRejected = () => {};

/**
 * Sets what happens when the server refuses the trainer token.
 * @param {() => void} handler
 */
export function onTokenRejected(handler) {
  onRejected = handler;
}

/**
 * Calls the trainer API with the bearer token of this tab.
 *
 * @param {string} path e.g. `/api/cohorts`
 * @param {{ method?: string, body?: unknown, raw?: boolean }} [options] `raw`: the Response (a
 *   retour au territoire's Markdown, a printable page) rather than its JSON
 * @returns {Promise<any>} the answer's JSON
 * @throws {CohortAPIError} when the server refuses (or cannot be reached: status 0)
 */
export async function call(path, { method = "GET", body, raw = false } = {}) {
  const bearer = token();
  if (!bearer) throw new CohortAPIError(401, "unauthorized", "");
  /** @type {Record<string, string>} */
  const headers = { Authorization: `Bearer ${bearer}`, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new CohortAPIError(0, "offline", "");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    if (response.status === 401) {
      setToken(null);
      onRejected();
    }
    const message = typeof problem?.error?.message === "string" ? problem.error.message : "";
    throw new CohortAPIError(response.status, problem?.error?.code ?? "internal", message);
  }
  return raw ? response : response.json();
}

/** Fields the server names at the start of a `bad_request` message (`date: a day written YYYY-MM-DD`). */
const FIELDS = new Set(["name", "locale", "starts", "ends", "title", "theme", "date", "cases", "index", "region", "kind", "structure"]);

/**
 * The sentence for a refusal of `action`, in the page's language.
 *
 * @param {any} error a {@link CohortAPIError} (anything else reads as an unexpected error)
 * @param {string} action e.g. `"territory"`, `"member"`, `"plan.open"`
 * @returns {string}
 */
export function refusalSentence(error, action) {
  const code = typeof error?.code === "string" && /^[a-z_]+$/.test(error.code) ? error.code : "unknown";
  const detail = typeof error?.detail === "string" ? error.detail : "";
  const field = /^([a-z]+):/.exec(detail)?.[1];
  const special = detail === "ends: before starts" ? "endsBeforeStarts" : null;
  const keys = [
    special && `cohorts.error.field.${special}`,
    field && FIELDS.has(field) && code === "bad_request" && `cohorts.error.${action}.field.${field}`,
    `cohorts.error.${action}.${code}`,
    field && FIELDS.has(field) && code === "bad_request" && `cohorts.error.field.${field}`,
    `cohorts.error.${code}`,
  ].filter(Boolean);
  const key = keys.find((candidate) => hasMessage(candidate)) ?? "cohorts.error.unknown";
  return t(key);
}

/**
 * The server's own words about a refusal, for the curious (shown small, after the sentence).
 * @param {any} error
 * @returns {string} empty when there is none
 */
export function refusalDetail(error) {
  return typeof error?.detail === "string" && error.detail ? t("cohorts.error.detail", { detail: error.detail }) : "";
}

/**
 * One member's live session: binds a connection (join, facilitate or resume),
 * keeps the view document up to date from snapshots and patches, sends
 * commands and resolves them on their `ack`, and comes back on its own after
 * a lost connection (resume with the view it holds, then the commands still
 * unanswered are sent again with the same ids, which the server answers once).
 *
 * ```js
 * const client = new SessionClient({ storageKey: "join:K7MQ2X" });
 * client.addEventListener("view", () => render(client.view));
 * client.start({ type: "join", code: "K7MQ2X", name: "Camille" });
 * await client.send({ kind: "raiseHand" });
 * ```
 *
 * Events: `view` (the view changed), `status` (see {@link SessionStatus}),
 * `connection` (the socket's {@link import("./connection.js").StateChange}),
 * `refused` (`{code, message}`: the binding was refused), `notice` (`{code, message}`:
 * an error that belongs to no command, e.g. rate limiting).
 *
 * @module session-client
 */

import { AtelierConnection } from "./connection.js";
import { mergePatch } from "./merge-patch.js";

/** Close code the server uses for a removed member. */
export const REMOVED_CLOSE_CODE = 4001;

/**
 * - `unbound`: nothing to bind yet (show the join form);
 * - `binding`: a join, facilitate or resume was sent;
 * - `bound`: the view is live;
 * - `reconnecting`: the connection was lost, it will resume on its own;
 * - `removed`: a facilitator removed this member (no resume).
 * @typedef {"unbound" | "binding" | "bound" | "reconnecting" | "removed"} SessionStatus
 */

/**
 * What a member keeps to come back: written at the first welcome.
 * @typedef {{ session: string, participant: string, token: string, epoch: number }} Membership
 */

/** @typedef {{ code: string, message: string }} Refusal */

/**
 * A fresh command id: random, so ids stay unique across reloads of the page.
 * @returns {string}
 */
export function newCommandId() {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return "c" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class SessionClient extends EventTarget {
  /** @type {AtelierConnection} */
  connection;
  /** @type {any} the merged view document (shared slices + `me`), or null. */
  view = null;
  seq = 0;
  epoch = 0;
  /** @type {SessionStatus} */
  status = "unbound";

  #storageKey;
  /** @type {Storage | null} */
  #storage;
  /** @type {object | null} the binding message to send when no membership is kept. */
  #binding = null;
  /** @type {Map<string, { intent: object, resolve: (ack: any) => void, reject: (error: Refusal) => void, sent: boolean }>} */
  #outbox = new Map();
  #started = false;

  /**
   * @param {{ storageKey: string, connection?: AtelierConnection, storage?: Storage | null }} options
   *   `storageKey` names the membership kept in `storage` (default `localStorage`):
   *   one per face and session, e.g. `join:K7MQ2X`, `console:s4acvmq…`.
   */
  constructor({ storageKey, connection = new AtelierConnection(), storage = defaultStorage() }) {
    super();
    this.#storageKey = `atelier.membership.${storageKey}`;
    this.#storage = storage;
    this.connection = connection;
    connection.onStateChange((change) => this.#onConnection(change));
    connection.onMessage((message) => this.#onMessage(message));
    connection.onClose(({ code }) => {
      if (code === REMOVED_CLOSE_CODE) this.#removed();
    });
  }

  /**
   * Renames the kept membership (before `start`), e.g. once the join code is known.
   * @param {string} key
   */
  set storageKey(key) {
    this.#storageKey = `atelier.membership.${key}`;
  }

  /** @returns {Membership | null} the membership kept for this face, if any. */
  get membership() {
    try {
      const saved = JSON.parse(this.#storage?.getItem(this.#storageKey) ?? "null");
      return saved && typeof saved.session === "string" && typeof saved.token === "string" ? saved : null;
    } catch {
      return null;
    }
  }

  /** @returns {string | null} this member's id once welcomed. */
  get memberId() {
    return this.view?.me?.id ?? this.membership?.participant ?? null;
  }

  /**
   * Connects; resumes the kept membership, else sends `binding` (if given).
   * @param {object | null} [binding] a `join` or `facilitate` message
   */
  start(binding = null) {
    if (binding) this.#binding = binding;
    if (!this.#started) {
      this.#started = true;
      this.connection.connect();
    } else if (this.connection.isOpen && this.status === "unbound") {
      this.#bind();
    }
  }

  /**
   * Sends an intent; resolves with the `ack` once the server committed it, rejects with
   * `{code, message}` if refused. While the connection is down the intent waits and is sent
   * after the resume: nothing asked is lost.
   * @param {object} intent
   * @returns {Promise<{ seq: number, duplicate?: boolean }>}
   */
  send(intent) {
    const id = newCommandId();
    return new Promise((resolve, reject) => {
      this.#outbox.set(id, { intent, resolve, reject, sent: false });
      if (this.status === "bound") this.#flushOutbox();
    });
  }

  /** Forgets the membership and closes the connection (leaving for good). */
  leave() {
    this.#forget();
    this.connection.close();
    this.view = null;
    this.#setStatus("unbound");
  }

  #bind() {
    const membership = this.membership;
    if (membership) {
      const sameView = this.view && this.view.session?.id === membership.session;
      this.#setStatus("binding");
      this.connection.send({
        type: "resume",
        session: membership.session,
        participant: membership.participant,
        token: membership.token,
        epoch: sameView ? this.epoch : membership.epoch,
        seq: sameView ? this.seq : 0,
      });
    } else if (this.#binding) {
      this.#setStatus("binding");
      this.connection.send(this.#binding);
    } else {
      this.#setStatus("unbound");
    }
  }

  /** @param {import("./connection.js").StateChange} change */
  #onConnection(change) {
    this.dispatchEvent(new CustomEvent("connection", { detail: change }));
    if (this.status === "removed") return;
    if (change.state === "open") {
      this.#bind();
    } else if (change.state === "offline" || change.state === "connecting") {
      for (const pending of this.#outbox.values()) pending.sent = false;
      if (this.status === "bound" || this.status === "binding") {
        this.#setStatus(this.membership ? "reconnecting" : "unbound");
      }
    }
  }

  /** @param {any} message */
  #onMessage(message) {
    switch (message?.type) {
      case "welcome":
        if (typeof message.token === "string") {
          this.#remember({ session: message.session, participant: message.participant, token: message.token, epoch: message.epoch });
        }
        this.epoch = message.epoch;
        this.#binding = null;
        break;
      case "snapshot":
        this.view = message.view;
        this.seq = message.seq;
        this.epoch = message.epoch;
        this.#becomeBound();
        this.#emit("view");
        break;
      case "patch":
        if (!this.view) return;
        this.view = mergePatch(this.view, message.patch);
        this.seq = message.seq;
        this.#becomeBound();
        this.#emit("view");
        break;
      case "resumed":
        this.#emit("resumed", { seq: message.seq, mode: message.mode });
        break;
      case "ack":
        this.#settle(message.id, (pending) => pending.resolve(message));
        break;
      case "error":
        this.#onError(message);
        break;
    }
  }

  /** @param {{ code: string, message: string, id?: string }} error */
  #onError(error) {
    const refusal = { code: error.code, message: error.message, reason: error.reason, params: error.params };
    if (error.id && this.#outbox.has(error.id)) {
      this.#settle(error.id, (pending) => pending.reject(refusal));
    } else if (this.status === "binding") {
      if (this.membership && ["unauthorized", "forbidden", "not_found"].includes(error.code)) {
        this.#forget(); // the kept membership is no longer valid: join again
        this.view = null;
      }
      this.#setStatus("unbound");
      this.#emit("refused", refusal);
    } else {
      this.#emit("notice", refusal);
    }
  }

  #becomeBound() {
    if (this.status === "bound") return;
    this.#setStatus("bound");
    this.#flushOutbox();
  }

  #flushOutbox() {
    for (const [id, pending] of this.#outbox) {
      if (pending.sent) continue;
      if (!this.connection.send({ type: "command", id, intent: pending.intent })) return;
      pending.sent = true;
    }
  }

  /**
   * @param {string} id
   * @param {(pending: any) => void} action
   */
  #settle(id, action) {
    const pending = this.#outbox.get(id);
    if (!pending) return;
    this.#outbox.delete(id);
    action(pending);
  }

  #removed() {
    this.#forget();
    for (const pending of this.#outbox.values()) pending.reject({ code: "forbidden", message: "removed" });
    this.#outbox.clear();
    this.connection.close();
    this.#setStatus("removed");
  }

  /** @param {Membership} membership */
  #remember(membership) {
    try {
      this.#storage?.setItem(this.#storageKey, JSON.stringify(membership));
    } catch {
      // Not kept: a reload will need a new join, the live session still works.
    }
  }

  #forget() {
    try {
      this.#storage?.removeItem(this.#storageKey);
    } catch {
      // Nothing kept.
    }
  }

  /** @param {SessionStatus} status */
  #setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    this.#emit("status", status);
  }

  /**
   * @param {string} type
   * @param {any} [detail]
   */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** @returns {Storage | null} */
function defaultStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * WebSocket connection to the Atelier server with automatic reconnection.
 *
 * ```js
 * const connection = new AtelierConnection();
 * connection.onStateChange(({ state, delay }) => render(state, delay));
 * connection.onMessage((message) => handle(message));
 * connection.connect();
 * connection.send({ type: "join", code: "K7MQ2X", name: "Camille" });
 * ```
 *
 * An `AtelierConnection` is an `EventTarget` dispatching:
 * - `"statechange"`: `CustomEvent<StateChange>`;
 * - `"message"`: `CustomEvent<unknown>`, one parsed JSON message from the server;
 * - `"close"`: `CustomEvent<{code: number, reason: string}>`, when a socket closes.
 *
 * @module connection
 */

/** WebSocket sub-protocol spoken with the server. */
export const SUBPROTOCOL = "atelier.v1";

/** `WebSocket.OPEN`, spelled out so that tests can inject a fake WebSocket. */
const OPEN = 1;

/**
 * - `idle`: `connect()` not called yet;
 * - `connecting`: a socket is being opened;
 * - `open`: ready, `send()` works;
 * - `offline`: disconnected, a new attempt is scheduled in `delay` ms;
 * - `closed`: `close()` was called, no further attempts.
 * @typedef {"idle" | "connecting" | "open" | "offline" | "closed"} ConnectionState
 */

/**
 * @typedef {object} StateChange
 * @property {ConnectionState} state
 * @property {number} delay milliseconds until the next attempt (`offline` only, else 0)
 * @property {number} attempt consecutive failed attempts so far
 */

/**
 * @typedef {object} BackoffOptions
 * @property {number} [initialDelay=1000] first retry delay, in ms
 * @property {number} [maxDelay=30000] cap on the retry delay, in ms
 * @property {number} [jitter=0.2] random spread, as a fraction of the delay (±)
 * @property {() => number} [random=Math.random] source of randomness in [0, 1)
 */

/**
 * @typedef {BackoffOptions & {
 *   url?: string,
 *   protocol?: string,
 *   WebSocket?: typeof WebSocket,
 * }} ConnectionOptions
 */

/**
 * The server endpoint for the current page: `ws(s)://<host>/ws`.
 * @param {Location | URL} [location=globalThis.location]
 * @returns {string}
 */
export function defaultUrl(location = globalThis.location) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}

/**
 * Delay before retry number `attempt` (0-based): 1 s, 2 s, 4 s… capped at
 * `maxDelay`, each spread by ±`jitter` so that a classroom of clients does
 * not reconnect in lockstep after a server restart.
 *
 * @param {number} attempt
 * @param {BackoffOptions} [options]
 * @returns {number} milliseconds
 */
export function backoffDelay(
  attempt,
  { initialDelay = 1000, maxDelay = 30000, jitter = 0.2, random = Math.random } = {},
) {
  const base = Math.min(maxDelay, initialDelay * 2 ** attempt);
  const spread = base * jitter * (2 * random() - 1);
  return Math.round(Math.min(maxDelay, Math.max(0, base + spread)));
}

/** A self-reconnecting JSON-over-WebSocket connection. */
export class AtelierConnection extends EventTarget {
  /** @type {Required<ConnectionOptions>} */
  #options;
  /** @type {WebSocket | null} */
  #socket = null;
  /** @type {ConnectionState} */
  #state = "idle";
  #attempt = 0;
  #retryDelay = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #retryTimer;
  /** True between `connect()` and `close()`. */
  #active = false;
  #onBrowserOnline = () => this.reconnectNow();

  /** @param {ConnectionOptions} [options] */
  constructor(options = {}) {
    super();
    this.#options = {
      url: options.url ?? defaultUrl(),
      protocol: options.protocol ?? SUBPROTOCOL,
      WebSocket: options.WebSocket ?? globalThis.WebSocket,
      initialDelay: options.initialDelay ?? 1000,
      maxDelay: options.maxDelay ?? 30000,
      jitter: options.jitter ?? 0.2,
      random: options.random ?? Math.random,
    };
  }

  /** @returns {ConnectionState} */
  get state() {
    return this.#state;
  }

  /** @returns {boolean} whether `send()` would deliver now. */
  get isOpen() {
    return this.#socket?.readyState === OPEN;
  }

  /** Starts connecting; reconnects automatically until `close()`. */
  connect() {
    if (this.#active) return;
    this.#active = true;
    globalThis.addEventListener?.("online", this.#onBrowserOnline);
    this.#open();
  }

  /** When offline, skips the remaining wait and tries again immediately. */
  reconnectNow() {
    if (!this.#active || this.#socket) return;
    clearTimeout(this.#retryTimer);
    this.#open();
  }

  /**
   * Closes the connection for good (no reconnection).
   * @param {number} [code=1000]
   * @param {string} [reason]
   */
  close(code = 1000, reason = "") {
    this.#active = false;
    clearTimeout(this.#retryTimer);
    globalThis.removeEventListener?.("online", this.#onBrowserOnline);
    const socket = this.#socket;
    this.#socket = null; // its close event will now be ignored
    socket?.close(code, reason);
    this.#setState("closed");
  }

  /**
   * Sends `message` as JSON if the connection is open.
   * @param {unknown} message
   * @returns {boolean} false if not sent (not connected).
   */
  send(message) {
    if (!this.#socket || !this.isOpen) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * Subscribes to state changes.
   * @param {(change: StateChange) => void} listener
   * @returns {() => void} unsubscribes the listener.
   */
  onStateChange(listener) {
    return this.#subscribe("statechange", listener);
  }

  /**
   * Subscribes to server messages (parsed JSON; invalid JSON is dropped).
   * @param {(message: any) => void} listener
   * @returns {() => void} unsubscribes the listener.
   */
  onMessage(listener) {
    return this.#subscribe("message", listener);
  }

  /**
   * Subscribes to socket closes (before any reconnection is scheduled).
   * @param {(close: {code: number, reason: string}) => void} listener
   * @returns {() => void} unsubscribes the listener.
   */
  onClose(listener) {
    return this.#subscribe("close", listener);
  }

  /**
   * @param {string} type
   * @param {(detail: any) => void} listener
   * @returns {() => void}
   */
  #subscribe(type, listener) {
    /** @param {Event} event */
    const handler = (event) => listener(/** @type {CustomEvent} */ (event).detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }

  #open() {
    this.#setState("connecting");
    /** @type {WebSocket} */
    let socket;
    try {
      socket = new this.#options.WebSocket(this.#options.url, this.#options.protocol);
    } catch (error) {
      console.error("Atelier: cannot open WebSocket", error);
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;

    socket.addEventListener("open", () => {
      if (this.#socket !== socket) return;
      this.#attempt = 0;
      this.#setState("open");
    });
    socket.addEventListener("message", (event) => {
      if (this.#socket === socket) this.#deliver(event.data);
    });
    // An "error" event is always followed by "close", handled here.
    socket.addEventListener("close", (event) => {
      if (this.#socket !== socket) return;
      this.dispatchEvent(new CustomEvent("close", { detail: { code: event.code, reason: event.reason } }));
      if (this.#socket !== socket) return; // a listener called close()
      this.#socket = null;
      if (this.#active) this.#scheduleRetry();
    });
  }

  #scheduleRetry() {
    this.#retryDelay = backoffDelay(this.#attempt, this.#options);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => this.#open(), this.#retryDelay);
    this.#setState("offline");
  }

  /** @param {unknown} data */
  #deliver(data) {
    if (typeof data !== "string") {
      console.warn("Atelier: ignoring non-text WebSocket message");
      return;
    }
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      console.warn("Atelier: ignoring invalid JSON from server");
      return;
    }
    this.dispatchEvent(new CustomEvent("message", { detail: message }));
  }

  /** @param {ConnectionState} state */
  #setState(state) {
    if (state === this.#state && state !== "offline") return;
    this.#state = state;
    /** @type {StateChange} */
    const detail = {
      state,
      delay: state === "offline" ? this.#retryDelay : 0,
      attempt: this.#attempt,
    };
    this.dispatchEvent(new CustomEvent("statechange", { detail }));
  }
}

/**
 * A secret ballot's seal and the ballot itself, kept on this device only: the seal is
 * 128 random bits the server never links to the voter; presenting it again changes the
 * ballot. Stored per page, member and step in localStorage (sessionStorage if refused).
 *
 * @module activities/vote/seal
 */

/** @param {string} member @param {number} step */
function key(member, step) {
  return `atelier.vote:${location.pathname}:${member}:${step}`;
}

function storage() {
  try {
    localStorage.setItem("atelier.vote.probe", "1");
    localStorage.removeItem("atelier.vote.probe");
    return localStorage;
  } catch {
    return sessionStorage;
  }
}

/**
 * What this device remembers of its ballot in this vote.
 * @param {string} member @param {number} step
 * @returns {{ seal: string, ballot: any | null }}
 */
export function remembered(member, step) {
  try {
    const saved = JSON.parse(storage().getItem(key(member, step)) ?? "null");
    if (saved && typeof saved.seal === "string") return saved;
  } catch {
    // an unreadable entry is replaced below
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const seal = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
  const fresh = { seal, ballot: null };
  remember(member, step, fresh);
  return fresh;
}

/**
 * @param {string} member @param {number} step
 * @param {{ seal: string, ballot: any | null }} entry
 */
export function remember(member, step, entry) {
  try {
    storage().setItem(key(member, step), JSON.stringify(entry));
  } catch {
    // private browsing without storage: the ballot counts, this device just forgets it
  }
}

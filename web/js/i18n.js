/**
 * Tiny internationalisation helper for the Atelier web client.
 *
 * Translations live in flat JSON files served at `/i18n/<locale>.json`
 * (`{"join.code.label": "Code de l’atelier", …}`). The HTML is written in
 * French, so the page stays usable even if a catalogue fails to load.
 * Activities bring their own strings, every locale in one file
 * (`/activities/<id>/i18n.json`, `{"fr": {…}, "en": {…}}`), added with
 * {@link loadStrings} and looked up by the same {@link t}.
 *
 * Markup conventions:
 * - `data-i18n="key"` replaces the element's `textContent`;
 * - `data-i18n-attr="placeholder:key,aria-label:key2"` sets attributes.
 *
 * @module i18n
 */

/** Locales with a catalogue in `/i18n/`. */
export const SUPPORTED_LOCALES = Object.freeze(["fr", "en"]);

/** Locale used when nothing else was chosen. */
export const DEFAULT_LOCALE = "fr";

/** localStorage key remembering the user's choice. */
export const LOCALE_STORAGE_KEY = "atelier.locale";

/** @typedef {Record<string, string>} Catalogue */
/** @typedef {Record<string, string | number>} Params */

/** @type {Map<string, Promise<Catalogue>>} */
const catalogues = new Map();

/** @type {Catalogue} */
let messages = {};

/** @type {Catalogue} Used for keys missing from the current catalogue. */
let fallbackMessages = {};

/** @type {Map<string, Catalogue>} Strings added by {@link loadStrings}, by locale. */
const addedMessages = new Map();

/** @type {Map<string, Promise<void>>} {@link loadStrings} calls, by URL. */
const addedSources = new Map();

let currentLocale = DEFAULT_LOCALE;

/** Increases with each `setLocale` call so that only the latest one wins. */
let generation = 0;

const events = new EventTarget();

/**
 * @param {unknown} locale
 * @returns {locale is string} whether `locale` has a catalogue.
 */
export function isSupportedLocale(locale) {
  return typeof locale === "string" && SUPPORTED_LOCALES.includes(locale);
}

/**
 * The locale to start with: the remembered choice, otherwise French.
 * @returns {string}
 */
export function preferredLocale() {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isSupportedLocale(stored)) return stored;
  } catch {
    // Storage can be unavailable (private browsing, disabled cookies).
  }
  return DEFAULT_LOCALE;
}

/** @returns {string} the active locale, e.g. `"fr"`. */
export function getLocale() {
  return currentLocale;
}

/**
 * Whether a string exists for `key` in the current or the default locale.
 * @param {string} key
 * @returns {boolean}
 */
export function hasMessage(key) {
  return (messages[key] ?? addedMessages.get(currentLocale)?.[key] ?? fallbackMessages[key]
    ?? addedMessages.get(DEFAULT_LOCALE)?.[key]) !== undefined;
}

/**
 * Fetches (once) the catalogue of a locale.
 * @param {string} locale
 * @returns {Promise<Catalogue>}
 */
function loadCatalogue(locale) {
  let pending = catalogues.get(locale);
  if (!pending) {
    pending = fetch(`/i18n/${locale}.json`, { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status} for /i18n/${locale}.json`);
        return response.json();
      })
      .catch((error) => {
        catalogues.delete(locale); // allow a later retry
        throw error;
      });
    catalogues.set(locale, pending);
  }
  return pending;
}

/**
 * Translates `key`, replacing `{name}` placeholders with `params.name`.
 * Falls back to the default locale, then to the key itself.
 *
 * @param {string} key e.g. `"connection.offline"`
 * @param {Params} [params] e.g. `{ seconds: 4 }`
 * @returns {string}
 */
export function t(key, params = {}) {
  const template = messages[key] ?? addedMessages.get(currentLocale)?.[key]
    ?? fallbackMessages[key] ?? addedMessages.get(DEFAULT_LOCALE)?.[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (placeholder, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder,
  );
}

/**
 * Fetches (once) a file of strings for every locale, `{"fr": {key: text, …},
 * "en": {…}}` (an activity's `i18n.json`), and adds them to what {@link t}
 * finds, whatever the current locale. Only keys starting with `prefix` are
 * taken, so that an activity cannot change the shell's strings.
 *
 * @param {string} url e.g. `"/activities/briefing/i18n.json"`
 * @param {{ prefix: string }} options e.g. `{ prefix: "activity.briefing." }`
 * @returns {Promise<void>} resolves once the strings are added; rejects if
 *   they cannot be loaded (a later call tries again).
 */
export function loadStrings(url, { prefix }) {
  let pending = addedSources.get(url);
  if (!pending) {
    pending = fetch(url, { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
        return response.json();
      })
      .then((locales) => {
        for (const locale of SUPPORTED_LOCALES) {
          const catalogue = addedMessages.get(locale) ?? {};
          for (const [key, text] of Object.entries(locales?.[locale] ?? {})) {
            if (key.startsWith(prefix) && typeof text === "string") catalogue[key] = text;
            else console.warn(`Atelier: ${url} may only give "${prefix}…" strings, not ${JSON.stringify(key)}`);
          }
          addedMessages.set(locale, catalogue);
        }
      })
      .catch((error) => {
        addedSources.delete(url); // allow a later retry
        throw error;
      });
    addedSources.set(url, pending);
  }
  return pending;
}

/**
 * Applies the current translations to `root` and its descendants.
 * @param {ParentNode} [root=document]
 */
export function applyTranslations(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.getAttribute("data-i18n") ?? "");
  }
  for (const element of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of (element.getAttribute("data-i18n-attr") ?? "").split(",")) {
      const separator = pair.indexOf(":");
      if (separator < 1) continue;
      const attribute = pair.slice(0, separator).trim();
      const key = pair.slice(separator + 1).trim();
      if (attribute && key) element.setAttribute(attribute, t(key));
    }
  }
}

/**
 * Switches to `locale`: loads its catalogue, updates `<html lang>`,
 * remembers the choice, re-translates the page and notifies listeners.
 * Unsupported locales fall back to French.
 *
 * @param {string} locale `"fr"` or `"en"`
 * @param {{ remember?: boolean }} [options] `remember: false` skips localStorage.
 * @returns {Promise<string>} the locale actually applied.
 */
export async function setLocale(locale, { remember = true } = {}) {
  const requested = isSupportedLocale(locale) ? locale : DEFAULT_LOCALE;
  const ticket = ++generation;

  const [catalogue, fallback] = await Promise.all([
    loadCatalogue(requested),
    requested === DEFAULT_LOCALE ? null : loadCatalogue(DEFAULT_LOCALE).catch(() => ({})),
  ]);
  if (ticket !== generation) return currentLocale; // a newer call superseded this one

  messages = catalogue;
  fallbackMessages = fallback ?? catalogue;
  currentLocale = requested;
  document.documentElement.lang = requested;

  if (remember) {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, requested);
    } catch {
      // Not remembered; the choice still applies to this page.
    }
  }

  applyTranslations(document);
  events.dispatchEvent(new CustomEvent("localechange", { detail: requested }));
  return requested;
}

/**
 * Loads the preferred locale (see {@link preferredLocale}) without
 * overwriting the stored preference, falling back to French. Never
 * rejects: if nothing loads, the page keeps its built-in French text.
 *
 * @returns {Promise<string>} the active locale.
 */
export async function initI18n() {
  const preferred = preferredLocale();
  for (const locale of new Set([preferred, DEFAULT_LOCALE])) {
    try {
      return await setLocale(locale, { remember: false });
    } catch (error) {
      console.error(`Atelier: translations for "${locale}" unavailable`, error);
    }
  }
  return currentLocale;
}

/**
 * Calls `listener(locale)` after every locale change.
 * @param {(locale: string) => void} listener
 * @returns {() => void} unsubscribes the listener.
 */
export function onLocaleChange(listener) {
  /** @param {Event} event */
  const handler = (event) => listener(/** @type {CustomEvent<string>} */ (event).detail);
  events.addEventListener("localechange", handler);
  return () => events.removeEventListener("localechange", handler);
}

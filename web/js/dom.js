/**
 * Small DOM helpers shared by every face of the web client: build elements
 * without `innerHTML` (so nothing a participant typed can become markup),
 * find the page's fixed elements, replace a list's children.
 *
 * @module dom
 */

/**
 * Creates an element.
 *
 * ```js
 * h("button", { type: "button", class: "button", onclick: go }, t("agenda.next"))
 * ```
 *
 * Attributes: `class`, `text`, `dataset` (object), `on<event>` (listeners),
 * booleans (`hidden: true` sets, `false`/`null`/`undefined` omit), anything
 * else as a string attribute. Children: nodes, strings, or nested arrays; null
 * and false are skipped.
 *
 * @param {string} tag
 * @param {Record<string, any>} [attributes]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = String(value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/**
 * @param {Node} parent
 * @param {any[]} children
 */
function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces every child of `parent`.
 * @param {Element} parent
 * @param {...any} children
 */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * The element with this id; throws if the page lacks it (ids are fixed in the HTML).
 * @param {string} id
 * @returns {any}
 */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`Atelier: #${id} missing from the page`);
  return element;
}

/**
 * Sets `textContent` only when it changes, so that live regions announce real changes only.
 * @param {Element} element
 * @param {string} text
 */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * A small, safe Markdown subset rendered to DOM nodes (never to HTML text):
 * paragraphs, `#`–`###` headings, `-`/`*` and `1.` lists, `**bold**`,
 * `*italic*`, `` `code` `` and `[links](https://…)` (http and https only).
 * Anything else stays as typed. Meant for instructions and cards written by
 * facilitators and participants.
 *
 * @module markdown
 */

/**
 * @param {string} text
 * @returns {HTMLElement[]} block elements
 */
export function renderMarkdown(text) {
  /** @type {HTMLElement[]} */
  const blocks = [];
  /** @type {HTMLElement | null} */
  let list = null;
  /** @type {string[]} */
  let paragraph = [];

  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const element = document.createElement("p");
    paragraph.forEach((line, index) => {
      if (index > 0) element.append(document.createElement("br"));
      element.append(...inline(line));
    });
    blocks.push(element);
    paragraph = [];
  };

  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d{1,3}[.)]\s+(.*)$/.exec(line);
    if (line.trim() === "") {
      flushParagraph();
      list = null;
    } else if (heading) {
      flushParagraph();
      list = null;
      // Headings inside user text stay below the page's own (h3 and lower).
      const element = document.createElement(`h${Math.min(6, heading[1].length + 2)}`);
      element.append(...inline(heading[2]));
      blocks.push(element);
    } else if (bullet || numbered) {
      flushParagraph();
      const tag = bullet ? "UL" : "OL";
      if (!list || list.tagName !== tag) {
        list = document.createElement(tag.toLowerCase());
        blocks.push(list);
      }
      const item = document.createElement("li");
      item.append(...inline((bullet ?? numbered)[1]));
      list.append(item);
    } else {
      list = null;
      paragraph.push(line.trim());
    }
  }
  flushParagraph();
  return blocks;
}

/** Inline markers, longest first. */
const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\[[^\]]+\]\([^)\s]+\)|\*[^*\s][^*]*\*)/;

/**
 * @param {string} text
 * @returns {Node[]}
 */
function inline(text) {
  /** @type {Node[]} */
  const nodes = [];
  for (const part of text.split(INLINE)) {
    if (!part) continue;
    if (part.startsWith("**") && part.endsWith("**") && part.length > 4) {
      nodes.push(wrap("strong", part.slice(2, -2)));
    } else if (part.startsWith("`") && part.endsWith("`") && part.length > 2) {
      nodes.push(wrap("code", part.slice(1, -1)));
    } else if (part.startsWith("[")) {
      const match = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
      if (match && /^https?:\/\//i.test(match[2])) {
        const link = wrap("a", match[1]);
        link.setAttribute("href", match[2]);
        link.setAttribute("rel", "noopener noreferrer");
        link.setAttribute("target", "_blank");
        nodes.push(link);
      } else {
        nodes.push(document.createTextNode(part));
      }
    } else if (part.startsWith("*") && part.endsWith("*") && part.length > 2) {
      nodes.push(wrap("em", part.slice(1, -1)));
    } else {
      nodes.push(document.createTextNode(part));
    }
  }
  return nodes;
}

/**
 * @param {string} tag
 * @param {string} text
 */
function wrap(tag, text) {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

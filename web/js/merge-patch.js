/**
 * RFC 7386 JSON Merge Patch, as the server sends view changes
 * (see docs/protocol.md, "Patches").
 *
 * @module merge-patch
 */

/**
 * Applies `patch` to `target` and returns the result; `target` is not modified.
 * Objects merge recursively, `null` deletes, arrays and scalars replace.
 *
 * @param {any} target
 * @param {any} patch
 * @returns {any}
 */
export function mergePatch(target, patch) {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const result = target !== null && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

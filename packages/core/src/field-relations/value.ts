/**
 * How source values become text and attribute values. One place, so templates, paths, group
 * names and usernames agree on what "empty" means.
 */

/**
 * A value as text, or `undefined` when it has none: strings as they are, finite numbers,
 * booleans and bigints stringified, arrays as their elements' texts joined by "," (go-ldap-admin
 * wrote lists as one comma-joined string too); objects, `null`, `undefined`, `NaN` → `undefined`.
 */
export function toText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return Number.isFinite(value) ? String(value) : undefined;
    case "boolean":
    case "bigint":
      return String(value);
    case "object": {
      if (!Array.isArray(value)) return undefined;
      const parts: string[] = [];
      for (const element of value) {
        // Nested arrays are not flattened: a list of lists has no sensible single-string form.
        if (Array.isArray(element)) continue;
        const text = toText(element);
        if (text !== undefined && !isBlank(text)) parts.push(text);
      }
      return parts.length > 0 ? parts.join(",") : undefined;
    }
    default:
      return undefined;
  }
}

/** True for `undefined` and for text that is empty once trimmed: both mean "no value". */
export function isBlank(text: string | undefined): text is undefined | "" {
  return text === undefined || text.trim() === "";
}

/**
 * A path's value as attribute values: scalars give one value, arrays one value per element,
 * anything else none. Values are kept as produced; only blank ones are dropped, so an attribute
 * is either absent or holds real values, never `""` (LDAP refuses empty values for most syntaxes).
 */
export function toAttributeValues(value: unknown): string[] {
  if (Array.isArray(value)) {
    const values: string[] = [];
    for (const element of value) {
      if (Array.isArray(element)) continue;
      const text = toText(element);
      if (!isBlank(text)) values.push(text);
    }
    return values;
  }
  const text = toText(value);
  return isBlank(text) ? [] : [text];
}

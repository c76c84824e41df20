import type { Attributes } from "../model/directory.ts";
import type { AttributeChange } from "../model/operations.ts";

/**
 * The changes that turn `actual` into `desired` for the attributes the relations manage.
 * Attribute names compare case-insensitively (LDAP returns its schema's spelling); values
 * compare as sets, because LDAP does not keep the order of multi-valued attributes.
 */
export function diffAttributes(
  managed: readonly string[],
  desired: Attributes,
  actual: Attributes,
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const name of managed) {
    const want = desired[name] ?? valuesOf(desired, name) ?? [];
    const have = actual[name] ?? valuesOf(actual, name) ?? [];
    if (!sameValues(want, have)) changes.push({ attribute: name, old: have, new: want });
  }
  return changes;
}

/** Case-insensitive lookup, for when the directory spells an attribute its own way (`mail` / `Mail`). */
function valuesOf(attributes: Attributes, name: string): string[] | undefined {
  const key = name.toLowerCase();
  for (const attribute in attributes) {
    if (attribute.toLowerCase() === key) return attributes[attribute];
  }
  return undefined;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 1) return a[0] === b[0];
  const sortedA = [...a].sort();
  const sortedB = [...b].sort();
  return sortedA.every((value, index) => value === sortedB[index]);
}

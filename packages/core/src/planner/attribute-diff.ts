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
  const actualByName = new Map<string, string[]>();
  for (const [name, values] of Object.entries(actual)) actualByName.set(name.toLowerCase(), values);
  const desiredByName = new Map<string, { name: string; values: string[] }>();
  for (const [name, values] of Object.entries(desired)) {
    desiredByName.set(name.toLowerCase(), { name, values });
  }
  const changes: AttributeChange[] = [];
  for (const name of managed) {
    const key = name.toLowerCase();
    const want = desiredByName.get(key)?.values ?? [];
    const have = actualByName.get(key) ?? [];
    if (!sameValues(want, have)) changes.push({ attribute: name, old: have, new: want });
  }
  return changes;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 1) return a[0] === b[0];
  const sortedA = [...a].sort();
  const sortedB = [...b].sort();
  return sortedA.every((value, index) => value === sortedB[index]);
}

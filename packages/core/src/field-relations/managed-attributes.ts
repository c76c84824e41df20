import type { FieldRelations } from "./types.ts";

/**
 * Every directory attribute the relations write, groups and users together: what a sync
 * needs to read back to compare (`DirectoryTarget.read(flag, { attributes })`).
 */
export function managedAttributes(relations: FieldRelations): string[] {
  const names = new Map<string, string>();
  for (const name of [
    ...Object.keys(relations.group.attributes),
    ...Object.keys(relations.user.attributes),
  ]) {
    if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  return [...names.values()];
}

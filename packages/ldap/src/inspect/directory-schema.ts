import {
  type AttributeTypeDescription,
  type ObjectClassDescription,
  parseAttributeType,
  parseObjectClass,
} from "./schema-description.ts";

/**
 * What a directory's schema defines, as its subschema entry says. LDAP names are
 * case-insensitive, and so are these maps: `attributeTypes.get("Surname")` finds `sn`.
 */
export interface DirectorySchema {
  /** Every attribute type under each of its names, each alias and its OID. */
  readonly attributeTypes: ReadonlyMap<string, AttributeTypeDescription>;
  /** Every object class under each of its names and its OID. */
  readonly objectClasses: ReadonlyMap<string, ObjectClassDescription>;
}

/** Builds the schema from the raw `attributeTypes` and `objectClasses` values of a subschema entry. */
export function buildDirectorySchema(
  attributeTypes: readonly string[],
  objectClasses: readonly string[],
): DirectorySchema {
  return {
    attributeTypes: indexByName(attributeTypes.map(parseAttributeType)),
    objectClasses: indexByName(objectClasses.map(parseObjectClass)),
  };
}

function indexByName<T extends { oid: string; names: string[] }>(
  descriptions: T[],
): ReadonlyMap<string, T> {
  const map = new CaseInsensitiveMap<T>();
  for (const description of descriptions) {
    for (const key of [description.oid, ...description.names]) map.set(key, description);
  }
  return map;
}

/** A map whose string keys match regardless of case; keys are stored (and iterated) lower-case. */
class CaseInsensitiveMap<V> extends Map<string, V> {
  override get(key: string): V | undefined {
    return super.get(key.toLowerCase());
  }
  override has(key: string): boolean {
    return super.has(key.toLowerCase());
  }
  override set(key: string, value: V): this {
    return super.set(key.toLowerCase(), value);
  }
  override delete(key: string): boolean {
    return super.delete(key.toLowerCase());
  }
}

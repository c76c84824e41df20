import { closestMatch } from "@orgsync/core";
import type { DirectorySchema } from "./directory-schema.ts";
import type { AttributeTypeDescription } from "./schema-description.ts";

/**
 * Every attribute an entry with these object classes may hold: MUST and MAY of each class and of
 * its superiors, under every name of each attribute (`sn` and `surname`), lower-case. A class
 * the schema does not define adds nothing (the layout check reports it).
 * @example attributesAllowed(schema, ["inetOrgPerson", "orgsyncManaged"]).has("mail") // true
 */
export function attributesAllowed(
  schema: DirectorySchema,
  objectClasses: readonly string[],
): Set<string> {
  const allowed = new Set<string>();
  const visited = new Set<string>();
  const visit = (name: string): void => {
    const objectClass = schema.objectClasses.get(name);
    // Guard by OID: a class reached under two names, or a cyclic SUP in a broken schema.
    if (!objectClass || visited.has(objectClass.oid)) return;
    visited.add(objectClass.oid);
    for (const attribute of [...objectClass.must, ...objectClass.may]) {
      const type = schema.attributeTypes.get(attribute);
      for (const alias of type ? type.names : [attribute]) allowed.add(alias.toLowerCase());
    }
    for (const superior of objectClass.superior) visit(superior);
  };
  for (const name of objectClasses) visit(name);
  return allowed;
}

/**
 * The attribute names the server does not know (case-insensitively, options such as
 * `cn;lang-en` ignored), each once as first given, with the closest name it does know when one
 * is near: `emial` → `mail`.
 */
export function unknownAttributes(
  schema: DirectorySchema,
  names: readonly string[],
): { name: string; suggestion?: string }[] {
  const unknown: { name: string; suggestion?: string }[] = [];
  const seen = new Set<string>();
  let candidates: string[] | undefined;
  for (const name of names) {
    const type = withoutOptions(name);
    if (seen.has(type.toLowerCase())) continue;
    seen.add(type.toLowerCase());
    if (schema.attributeTypes.has(type)) continue;
    candidates ??= suggestionCandidates(schema);
    // Anything is two edits from a one-letter name like `o`: short names get one edit at most.
    const suggestion = closestMatch(type, candidates, type.length <= 3 ? 1 : 2);
    unknown.push({ name, ...(suggestion ? { suggestion } : {}) });
  }
  return unknown;
}

/** `cn;lang-en` → `cn`: options select values, they are not part of the type. */
function withoutOptions(name: string): string {
  return name.split(";", 1)[0]?.trim() ?? "";
}

/**
 * Names worth suggesting: attributes some object class lets an entry hold, not operational, not
 * obsolete. That leaves out names nobody can write, such as PKCS#9 `email` (only for DNs in
 * certificates), which would otherwise win over `mail` for `emial`. Primary names come first,
 * because `closestMatch` gives ties to the earlier candidate (`mail` over `rfc822Mailbox`).
 */
function suggestionCandidates(schema: DirectorySchema): string[] {
  const storable = new Set<AttributeTypeDescription>();
  for (const objectClass of new Set(schema.objectClasses.values())) {
    for (const attribute of [...objectClass.must, ...objectClass.may]) {
      const type = schema.attributeTypes.get(attribute);
      if (type && !type.operational && !type.obsolete) storable.add(type);
    }
  }
  const types = [...storable];
  return [
    ...types.flatMap((type) => type.names.slice(0, 1)),
    ...types.flatMap((type) => type.names.slice(1)),
  ];
}

import type { ResolvedLayout } from "../layout.ts";
import type { DirectorySchema } from "./directory-schema.ts";

export interface LayoutClass {
  name: string;
  /** What the target writes with it, for messages: `users`, `departments (layout.groups)`. */
  usedFor: string;
  /** The OpenLDAP schema file that defines it (under /etc/ldap/schema on Debian). */
  schemaFile: string;
}

/**
 * The object classes the target writes for this layout (see `apply.ts`): inetOrgPerson users,
 * the department class, organizationalUnit containers and, with `posix`, posixAccount.
 * orgsyncManaged is not listed: the `schema` check covers orgsync's own schema.
 */
export function layoutObjectClasses(layout: ResolvedLayout): LayoutClass[] {
  const classes: LayoutClass[] = [
    { name: "inetOrgPerson", usedFor: "users", schemaFile: SCHEMA_FILES.inetOrgPerson },
    {
      name: layout.groupClass,
      usedFor: "departments (layout.groups)",
      schemaFile: SCHEMA_FILES[layout.groupClass],
    },
  ];
  if (layout.groupClass !== "organizationalUnit") {
    classes.push({
      name: "organizationalUnit",
      usedFor: "containers",
      schemaFile: SCHEMA_FILES.organizationalUnit,
    });
  }
  if (layout.posix) {
    classes.push({
      name: "posixAccount",
      usedFor: "POSIX accounts (layout.posix)",
      schemaFile: SCHEMA_FILES.posixAccount,
    });
  }
  return classes;
}

/** The layout's object classes the directory's schema does not define. */
export function missingLayoutClasses(
  schema: DirectorySchema,
  layout: ResolvedLayout,
): LayoutClass[] {
  return layoutObjectClasses(layout).filter((needed) => !schema.objectClasses.has(needed.name));
}

const SCHEMA_FILES = {
  inetOrgPerson: "inetorgperson.schema",
  organizationalUnit: "core.schema",
  groupOfNames: "core.schema",
  groupOfUniqueNames: "core.schema",
  // rfc2307bis.schema defines them too, for directories that use it instead of nis.
  posixAccount: "nis.schema",
  posixGroup: "nis.schema",
} as const;

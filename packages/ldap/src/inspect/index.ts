// Checks and introspection of a directory, for the service's "test connection" and its
// attribute hints.
export type { DirectorySchema } from "./directory-schema.ts";
export { readDirectorySchema } from "./read-schema.ts";
export type { AttributeTypeDescription, ObjectClassDescription } from "./schema-description.ts";
export { attributesAllowed, unknownAttributes } from "./schema-queries.ts";
export { testDirectoryConnection } from "./test-connection.ts";

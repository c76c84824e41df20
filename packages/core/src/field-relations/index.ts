/**
 * Field relations: source fields → directory attributes, as paths and safe templates.
 */
export {
  BUILTIN_FIELDS,
  type CompiledFieldRelations,
  type CompileFieldRelationsOptions,
  compileFieldRelations,
  FieldRelationError,
  type FieldRelationIssue,
  formatIssue,
} from "./compile.ts";
export {
  type GoLdapAdminIm,
  goLdapAdminDefaultRelations,
  goLdapAdminDefaultsFor,
  isGoLdapAdminIm,
} from "./defaults.ts";
export { compileTemplate, type TextEvaluator } from "./evaluate.ts";
export {
  FILTERS,
  type FilterArg,
  type FilterDefinition,
  type FilterEnvironment,
  type FilterParam,
  type FilterSignature,
  type FilterValue,
  localPart,
  truncateCodePoints,
} from "./filters.ts";
export { type GoLdapAdminImport, importGoLdapAdminFieldRelations } from "./import-go-ldap-admin.ts";
export { managedAttributes } from "./managed-attributes.ts";
export { compilePath, type ParsedPath, parsePath, resolvePath } from "./path.ts";
export { createPinyinConverter, type PinyinConverter, type PinyinMode } from "./pinyin.ts";
export { type Scope, type ScopeReader, scopeReader, textReader } from "./scope.ts";
export { closestMatch, editDistance } from "./suggest.ts";
export {
  isTemplate,
  parseTemplate,
  type TemplateAst,
  type TemplateProblem,
  TemplateSyntaxError,
} from "./template.ts";
export type { FieldRelationOptions, FieldRelations } from "./types.ts";
export { toAttributeValues, toText } from "./value.ts";

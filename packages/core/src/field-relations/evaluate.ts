/**
 * Turns parsed templates into closures, once, so evaluating a relation for 100 000 users is a
 * few function calls per user and never a parse.
 *
 * "No value" rules, chosen so a missing field never produces a half-made value such as
 * `@example.com` or `zhangwei.`:
 * - a field that is absent, not text-like, or blank reads as no value;
 * - filters pass no value through (`default` replaces it);
 * - if any `{{ }}` of a template ends with no value, the whole template has no value.
 *   Write `{{ x | default: "" }}` to make a part optional.
 */
import type { FilterEnvironment, FilterFunction, FilterValue } from "./filters.ts";
import { FILTERS, type FilterDefinition } from "./filters.ts";
import type { Scope } from "./scope.ts";
import type { ExpressionNode, TemplateAst } from "./template.ts";

export type TextEvaluator = (scope: Scope) => FilterValue;

function compileExpression(
  node: ExpressionNode,
  env: FilterEnvironment,
  filters: ReadonlyMap<string, FilterDefinition>,
): TextEvaluator {
  const { head } = node;
  let evaluate: TextEvaluator;
  if (head.kind === "string") {
    const value = head.value;
    evaluate = () => value;
  } else {
    evaluate = env.readPath(head.segments);
  }
  const chain: FilterFunction[] = node.filters.map((call) => {
    const definition = filters.get(call.name);
    // The parser refuses unknown filters; reaching this means parser and compiler disagree.
    if (definition === undefined)
      throw new Error(`field relations: filter "${call.name}" is not defined`);
    return definition.create(call.args, env);
  });
  if (chain.length === 0) return evaluate;
  const start = evaluate;
  return (scope) => {
    let value = start(scope);
    for (const filter of chain) value = filter(value, scope);
    return value;
  };
}

/** Compiles a parsed template into one closure yielding its text, or `undefined` for no value. */
export function compileTemplate(
  ast: TemplateAst,
  env: FilterEnvironment,
  filters: ReadonlyMap<string, FilterDefinition> = FILTERS,
): TextEvaluator {
  const parts: TextEvaluator[] = ast.parts.map((part) => {
    if (part.kind === "text") {
      const text = part.value;
      return () => text;
    }
    return compileExpression(part.expression, env, filters);
  });
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only;
  return (scope) => {
    let out = "";
    for (const part of parts) {
      const value = part(scope);
      if (value === undefined) return undefined;
      out += value;
    }
    return out;
  };
}

/**
 * The evaluation context of a relation: the object's raw record with the built-ins on top.
 *
 * Kept as two layers rather than `{ ...raw, ...builtins }`: spreading a 30-key IM record per user
 * costs microseconds, which is seconds over 100 000 users. Which layer a path reads is decided
 * once, at compile time, from its first segment, so a built-in shadows a raw key of the same name
 * even when the built-in has no value (`username` in username candidates).
 */
import type { FilterValue } from "./filters.ts";
import { compilePath } from "./path.ts";
import { isBlank, toText } from "./value.ts";

export interface Scope {
  /** The built-ins of the object's kind (`id`, `name`, …); every name is present, maybe `undefined`. */
  readonly builtins: Readonly<Record<string, unknown>>;
  /** The provider's own record (`SourceUser.raw`). */
  readonly raw: unknown;
}

/** Compiles a path into a reader of its value in a scope. */
export type ScopeReader = (segments: readonly string[]) => (scope: Scope) => unknown;

/** A reader for scopes whose built-ins are `builtinNames`. */
export function scopeReader(builtinNames: Iterable<string>): ScopeReader {
  const names: ReadonlySet<string> = new Set(builtinNames);
  return (segments) => {
    const [first, ...rest] = segments;
    if (first === undefined || !names.has(first)) {
      const read = compilePath(segments);
      return (scope) => read(scope.raw);
    }
    if (rest.length === 0) return (scope) => scope.builtins[first];
    const readRest = compilePath(rest);
    return (scope) => readRest(scope.builtins[first]);
  };
}

/** Like `reader`, as text: absent, non-text and blank values are "no value". */
export function textReader(
  reader: ScopeReader,
): (segments: readonly string[]) => (scope: Scope) => FilterValue {
  return (segments) => {
    const read = reader(segments);
    return (scope) => {
      const text = toText(read(scope));
      return isBlank(text) ? undefined : text;
    };
  };
}

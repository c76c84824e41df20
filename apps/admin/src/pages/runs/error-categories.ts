import type { RunMessages } from "./run-messages.ts";

/**
 * The categories a run item's `errorCategory` takes: core's `DirectoryErrorCategory`
 * (packages/core/src/errors.ts) plus the executor's `cancelled` and `breakerOpen`. Each has an
 * explanation and a fix in `runMessages`, and where a page of this app is the fix, its path.
 */
export const ERROR_CATEGORIES = [
  "alreadyExists",
  "noSuchObject",
  "notAllowedOnNonLeaf",
  "schemaViolation",
  "invalidDn",
  "permission",
  "transient",
  "dependencyFailed",
  "breakerOpen",
  "cancelled",
  "unknown",
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

const FIX_PAGES: Partial<Record<ErrorCategory, string>> = {
  alreadyExists: "/directory",
  noSuchObject: "/settings",
  schemaViolation: "/field-relations",
  invalidDn: "/field-relations",
  permission: "/settings",
  transient: "/settings",
};

/** A category the app does not know (a newer service) reads as `unknown`, never as nothing. */
export function errorCategoryOf(value: string | null | undefined): ErrorCategory {
  return (ERROR_CATEGORIES as readonly string[]).includes(value ?? "")
    ? (value as ErrorCategory)
    : "unknown";
}

export interface CategoryText {
  title: string;
  why: string;
  fix: string;
  /** The app's page where the fix is made, when there is one. */
  fixPath: string | undefined;
}

export function describeCategory(t: RunMessages, category: ErrorCategory): CategoryText {
  return {
    title: t[`cat_${category}`],
    why: t[`catWhy_${category}`],
    fix: t[`catFix_${category}`],
    fixPath: FIX_PAGES[category],
  };
}

export interface CategorizedItem {
  errorCategory?: string | null;
}

export interface CategoryGroup<T> {
  category: ErrorCategory;
  items: T[];
}

/** Items grouped by category, the largest group first, ties in the categories' order. */
export function groupByCategory<T extends CategorizedItem>(
  items: readonly T[],
): CategoryGroup<T>[] {
  const groups = new Map<ErrorCategory, T[]>();
  for (const item of items) {
    const category = errorCategoryOf(item.errorCategory);
    const group = groups.get(category);
    if (group) group.push(item);
    else groups.set(category, [item]);
  }
  return [...groups.entries()]
    .map(([category, grouped]) => ({ category, items: grouped }))
    .sort(
      (a, b) =>
        b.items.length - a.items.length ||
        ERROR_CATEGORIES.indexOf(a.category) - ERROR_CATEGORIES.indexOf(b.category),
    );
}

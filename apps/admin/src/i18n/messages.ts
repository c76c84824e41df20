import { useLocale } from "./locale.tsx";

/** A catalog's entries: plain text, or a function for text with values in it. */
// biome-ignore lint/suspicious/noExplicitAny: message functions take any arguments.
export type Messages = Record<string, string | ((...args: any[]) => string)>;

export interface Catalog<T extends Messages> {
  en: T;
  /** Every English key, with the same kind of value: a missing translation does not compile. */
  zh: { [K in keyof T]: T[K] };
}

export function defineMessages<T extends Messages>(catalog: Catalog<T>): Catalog<T> {
  return catalog;
}

/** The catalog in the admin's language. */
export function useMessages<T extends Messages>(catalog: Catalog<T>): T {
  const { locale } = useLocale();
  return catalog[locale] as T;
}

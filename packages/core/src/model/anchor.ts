/**
 * An anchor is the identity of a managed entry: the provider's flag plus the object's immutable
 * source id. The anchor, never the DN, decides "same object": a department rename is a move of
 * the entry that carries the same anchor, a person's name change updates attributes.
 *
 * Serialised as `<flag>:<id>`. The flag may not contain `:`; the id may (it is everything after
 * the first colon), so any provider id round-trips.
 */
export interface Anchor {
  flag: string;
  id: string;
}

/**
 * A provider flag: 1–32 lower-case letters, digits, `_` and `-`, starting with a letter. It is the
 * first half of every anchor, so never anything containing ":".
 */
export const PROVIDER_FLAG_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** Checks a provider flag against `PROVIDER_FLAG_PATTERN`. */
export function isValidFlag(flag: string): boolean {
  return PROVIDER_FLAG_PATTERN.test(flag);
}

export function formatAnchor(anchor: Anchor): string {
  return `${anchor.flag}:${anchor.id}`;
}

export function parseAnchor(value: string): Anchor {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) {
    throw new TypeError(
      `orgsync: "${value}" is not an anchor; expected "<flag>:<source id>", e.g. "feishu:od-123"`,
    );
  }
  return { flag: value.slice(0, colon), id: value.slice(colon + 1) };
}

export function anchorOf(flag: string, id: string): string {
  return formatAnchor({ flag, id });
}

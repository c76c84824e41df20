import { normalizeName } from "../model/directory.ts";

/** Options for turning evaluated candidates into usernames. */
export interface UsernameOptions {
  /**
   * Longest username kept, in characters; longer candidates are cut before a number is added.
   * @default 64
   */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 64;

/**
 * Makes a candidate safe as a login name and RDN value: ASCII letters, digits, `.`, `_`, `-`,
 * lower case. Accents are folded (`José` → `jose`), spaces and other characters dropped
 * (`Tom li` → `tomli`, `阿·木` stays only as its pinyin). go-ldap-admin kept `·` and brackets,
 * which produced `mail` values LDAP refused (its #387, #411).
 */
export function sanitizeUsername(candidate: string, options: UsernameOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const folded = candidate
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  const cleaned = folded
    .replace(/[^a-z0-9._-]+/g, "")
    .replace(/([._-])[._-]+/g, "$1")
    .replace(/^[._-]+|[._-]+$/g, "");
  return cleaned.slice(0, maxLength).replace(/[._-]+$/, "");
}

/**
 * Allocates usernames that are unique against every name already in the directory (managed by
 * any provider or by nobody) and against each other. Deterministic: the same candidates in the
 * same order against the same taken names give the same result.
 *
 * Allocation happens once per person; afterwards the username is read back from the directory
 * and never recomputed, so a name change in the IM never renames an account.
 */
export class UsernameAllocator {
  readonly #taken = new Set<string>();
  readonly #maxLength: number;
  /** Next suffix to try per base: keeps allocating many 张伟 linear instead of quadratic. */
  readonly #nextSuffix = new Map<string, number>();

  constructor(taken: Iterable<string>, options: UsernameOptions = {}) {
    this.#maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    for (const name of taken) this.#taken.add(normalizeName(name));
  }

  isTaken(name: string): boolean {
    return this.#taken.has(normalizeName(name));
  }

  /** Marks a name as used (e.g. an existing account). */
  reserve(name: string): void {
    this.#taken.add(normalizeName(name));
  }

  /**
   * Takes the first free candidate; when all are taken, the first candidate with the smallest
   * free number from 2 (`zhangwei2`, `zhangwei3`, …). `fallback` is used when no candidate
   * survives sanitising (a name made only of symbols).
   */
  allocate(candidates: readonly string[], fallback: string): string {
    const usable = candidates
      .map((candidate) => sanitizeUsername(candidate, { maxLength: this.#maxLength }))
      .filter((candidate) => candidate.length > 0);
    if (usable.length === 0) usable.push(sanitizeUsername(fallback) || "user");
    for (const candidate of usable) {
      if (!this.isTaken(candidate)) {
        this.reserve(candidate);
        return candidate;
      }
    }
    const base = usable[0] as string;
    let suffix = this.#nextSuffix.get(base) ?? 2;
    for (;;) {
      const digits = String(suffix);
      const name = base.slice(0, this.#maxLength - digits.length) + digits;
      suffix += 1;
      if (!this.isTaken(name)) {
        this.#nextSuffix.set(base, suffix);
        this.reserve(name);
        return name;
      }
    }
  }
}

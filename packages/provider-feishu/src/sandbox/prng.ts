/**
 * mulberry32: the sandbox's own seeded PRNG, so a fault run with the same seed injects the same
 * faults on every machine. Kept here (not imported from `@orgsync/core/testing`) because that
 * barrel pulls vitest in, and the sandbox also runs as a plain CLI.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` hex characters from the PRNG (for tokens, nonces and event ids). */
export function randomHex(random: () => number, length: number): string {
  let out = "";
  while (out.length < length) {
    out += ((random() * 0x100000000) >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

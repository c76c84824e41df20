// The sandbox's seeded PRNG: the same seed injects the same faults on every machine.
export { mulberry32 } from "@orgsync/core/fixtures";

/** `length` hex characters from the PRNG (for tokens, nonces and event ids). */
export function randomHex(random: () => number, length: number): string {
  let out = "";
  while (out.length < length) {
    out += ((random() * 0x100000000) >>> 0).toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Admin password hashes: scrypt from node:crypto with a random salt, the parameters stored with
 * the hash (`scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, base64) so they can be raised later
 * without invalidating existing hashes.
 */
export interface ScryptParameters {
  /**
   * log2 of the CPU/memory cost N.
   * @default 15 (N = 32768, 32 MiB with r = 8)
   * @example 10 (tests only)
   */
  logN: number;
  /** @default 8 */
  r: number;
  /** @default 1 */
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParameters = { logN: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, { logN, r, p }: ScryptParameters): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128·N·r, which the default (32 MiB) only just does not for N = 2^15.
    scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(
  password: string,
  parameters: ScryptParameters = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, parameters);
  const { logN, r, p } = parameters;
  return ["scrypt", logN, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, logN, r, p, salt, hash] = stored.split("$");
  if (algorithm !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), {
    logN: Number(logN),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

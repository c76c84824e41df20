import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SecretKeyError } from "../errors.ts";

/**
 * Secrets at rest (provider app secrets, the LDAP bind password, the initial user password):
 * AES-256-GCM with a random 96-bit IV per value. The stored text is versioned,
 * `v1:<iv>:<tag>:<data>` in base64, so a later key rotation or algorithm can read old values.
 * GCM authenticates: a wrong key fails loudly instead of decrypting to garbage.
 */
export interface SecretBox {
  /** Where the key came from, for error messages: `ORGSYNC_SECRET_KEY` or the key file. */
  readonly keySource: string;
  encrypt(plaintext: string): string;
  /** @param what names the secret in the error when it does not decrypt, e.g. `provider feishu`. */
  decrypt(ciphertext: string, what?: string): string;
  encryptJson(value: unknown): string;
  decryptJson<T = unknown>(ciphertext: string, what?: string): T;
}

export const SECRET_KEY_ENV = "ORGSYNC_SECRET_KEY";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = "v1";
const GENERATE_HINT = "generate one with `openssl rand -base64 32`";

export function createSecretBox(key: Uint8Array, keySource: string = SECRET_KEY_ENV): SecretBox {
  if (key.length !== KEY_BYTES) {
    throw new SecretKeyError(
      keySource,
      `secrets: the key from ${keySource} is ${key.length} bytes; AES-256-GCM needs exactly 32 (${GENERATE_HINT})`,
    );
  }
  const keyBytes = Buffer.from(key);

  const encrypt = (plaintext: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", keyBytes, iv);
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, data]
      .map((part) => (typeof part === "string" ? part : part.toString("base64")))
      .join(":");
  };

  const decrypt = (ciphertext: string, what = "a stored secret"): string => {
    const parts = ciphertext.split(":");
    const [version, iv, tag, data] = parts;
    if (version !== VERSION || parts.length !== 4 || !iv || !tag || data === undefined) {
      throw new SecretKeyError(
        keySource,
        `secrets: ${what} is not in a format this version reads (expected ${VERSION}:<iv>:<tag>:<data>)`,
      );
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", keyBytes, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([
        decipher.update(Buffer.from(data, "base64")),
        decipher.final(),
      ]).toString("utf8");
    } catch (cause) {
      throw new SecretKeyError(
        keySource,
        `secrets: cannot decrypt ${what} with the key from ${keySource}: it is not the key the secret was saved with. Restore the original key, or set the secret again`,
        { cause },
      );
    }
  };

  return {
    keySource,
    encrypt,
    decrypt,
    encryptJson: (value) => encrypt(JSON.stringify(value)),
    decryptJson: <T>(ciphertext: string, what?: string) =>
      JSON.parse(decrypt(ciphertext, what)) as T,
  };
}

/** Reads a 32-byte key written as 64 hex digits or as base64. */
export function parseSecretKey(text: string, keySource: string = SECRET_KEY_ENV): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, "hex");
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) key = Buffer.from(trimmed, "base64");
  if (!key || key.length !== KEY_BYTES) {
    throw new SecretKeyError(
      keySource,
      `secrets: ${keySource} must be 32 bytes written as base64 or 64 hex digits (${GENERATE_HINT})`,
    );
  }
  return key;
}

export interface LoadSecretBoxOptions {
  /**
   * The environment to read `ORGSYNC_SECRET_KEY` from.
   * @default process.env
   * @example { ORGSYNC_SECRET_KEY: "q3Rk…base64…=" }
   */
  env?: Record<string, string | undefined>;
  /**
   * Embedded mode (PGlite): without `ORGSYNC_SECRET_KEY`, the key is read from — or generated
   * on first run into — `<dataDir>/secret.key`. With PostgreSQL several processes must share one
   * key, so the environment is the only source and a missing key is an error.
   * @default false
   * @example true
   */
  embedded?: boolean;
  /**
   * The data directory holding `secret.key` in embedded mode.
   * @default ".data" under the current directory
   * @example "/var/lib/orgsync"
   */
  dataDir?: string;
}

/** The secret box for this process, its key from the environment or (embedded) the data dir. */
export async function loadSecretBox(options: LoadSecretBoxOptions = {}): Promise<SecretBox> {
  const env = options.env ?? process.env;
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    return createSecretBox(parseSecretKey(fromEnv), SECRET_KEY_ENV);
  }
  if (!options.embedded) {
    throw new SecretKeyError(
      SECRET_KEY_ENV,
      `secrets: ${SECRET_KEY_ENV} is not set. With PostgreSQL (DATABASE_URL) every process must share one key: ${GENERATE_HINT} and set ${SECRET_KEY_ENV} to it (keep it safe: without it stored secrets cannot be read)`,
    );
  }
  const dataDir = options.dataDir ?? join(process.cwd(), ".data");
  const keyFile = join(dataDir, "secret.key");
  return createSecretBox(await readOrCreateKeyFile(dataDir, keyFile), keyFile);
}

async function readOrCreateKeyFile(dataDir: string, keyFile: string): Promise<Buffer> {
  try {
    return parseSecretKey(await readFile(keyFile, "utf8"), keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw keyFileError(keyFile, error);
  }
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    // `wx`: never overwrite a key another process wrote a moment ago (its secrets need it).
    await writeFile(keyFile, `${randomBytes(KEY_BYTES).toString("base64")}\n`, {
      mode: 0o600,
      flag: "wx",
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw keyFileError(keyFile, error);
  }
  return parseSecretKey(await readFile(keyFile, "utf8"), keyFile);
}

function keyFileError(keyFile: string, cause: unknown): Error {
  if (cause instanceof SecretKeyError) return cause;
  return new SecretKeyError(
    keyFile,
    `secrets: cannot read or create the key file ${keyFile} (${(cause as Error).message}); make the data directory writable or set ${SECRET_KEY_ENV}`,
    { cause },
  );
}

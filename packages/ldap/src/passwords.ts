import { createHash, randomBytes } from "node:crypto";

/** How new accounts get their password. */
export interface PasswordOptions {
  /**
   * The password every new account starts with (go-ldap-admin's `user-init-password`), or
   * `"random"` for a different unguessable one per account.
   * @default "random"
   * @example "Welcome-2026!"
   */
  initial?: string | "random";
  /**
   * How the password is written:
   * - `ssha`: `{SSHA}` salted SHA-1, computed here (what go-ldap-admin writes);
   * - `clear`: as given (only for directories that hash on their own);
   * - `exop`: through the Password Modify extended operation, so the server hashes it with its
   *   own `password-hash` policy.
   * @default "ssha"
   */
  scheme?: "ssha" | "clear" | "exop";
}

/** `{SSHA}` = base64(SHA-1(password + salt) + salt), with a random 8-byte salt. */
export function sshaHash(password: string, salt: Buffer = randomBytes(8)): string {
  const digest = createHash("sha1").update(password, "utf8").update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString("base64")}`;
}

/** 24 characters from a 62-letter alphabet (~143 bits), for random initial passwords. */
export function randomPassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(24);
  return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/**
 * The BER value of a Password Modify request (RFC 3062):
 * `SEQUENCE { userIdentity [0] OCTET STRING, newPasswd [2] OCTET STRING }`.
 */
export function passwordModifyRequest(userDn: string, newPassword: string): Buffer {
  const field = (tag: number, value: string) => {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([Buffer.from([tag]), berLength(bytes.length), bytes]);
  };
  const body = Buffer.concat([field(0x80, userDn), field(0x82, newPassword)]);
  return Buffer.concat([Buffer.from([0x30]), berLength(body.length), body]);
}

function berLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const PASSWORD_MODIFY_OID = "1.3.6.1.4.1.4203.1.11.1";

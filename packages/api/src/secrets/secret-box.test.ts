import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SecretKeyError } from "../errors.ts";
import { createSecretBox, loadSecretBox, parseSecretKey } from "./secret-box.ts";

describe("secret box", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("round-trips JSON in the versioned format, a fresh IV every time", () => {
    const box = createSecretBox(randomBytes(32));
    const a = box.encryptJson({ appSecret: "s3cr3t" });
    const b = box.encryptJson({ appSecret: "s3cr3t" });
    expect(a).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cr3t");
    expect(box.decryptJson(a)).toEqual({ appSecret: "s3cr3t" });
  });

  it("refuses to decrypt with the wrong key, naming the setting", () => {
    const stored = createSecretBox(randomBytes(32)).encrypt("hunter2");
    const other = createSecretBox(randomBytes(32));
    expect(() => other.decrypt(stored, "the LDAP bind password")).toThrow(SecretKeyError);
    expect(() => other.decrypt(stored, "the LDAP bind password")).toThrow(
      /cannot decrypt the LDAP bind password with the key from ORGSYNC_SECRET_KEY/,
    );
    expect(() => other.decrypt("v2:a:b:c")).toThrow(/not in a format/);
  });

  it("reads keys as hex or base64 and refuses other lengths", () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString("hex"))).toEqual(key);
    expect(parseSecretKey(key.toString("base64"))).toEqual(key);
    expect(() => parseSecretKey(randomBytes(16).toString("base64"))).toThrow(
      /ORGSYNC_SECRET_KEY must be 32 bytes/,
    );
  });

  it("takes the key from the environment, and requires it outside embedded mode", async () => {
    const key = randomBytes(32);
    const box = await loadSecretBox({ env: { ORGSYNC_SECRET_KEY: key.toString("base64") } });
    expect(createSecretBox(key).decrypt(box.encrypt("x"))).toBe("x");
    await expect(loadSecretBox({ env: {} })).rejects.toThrow(
      /ORGSYNC_SECRET_KEY is not set.*openssl rand -base64 32/,
    );
  });

  it("generates the key file once in embedded mode, mode 0600, and reuses it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "orgsync-key-"));
    dirs.push(dataDir);
    const first = await loadSecretBox({ env: {}, embedded: true, dataDir });
    const keyFile = join(dataDir, "secret.key");
    expect(first.keySource).toBe(keyFile);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const before = await readFile(keyFile, "utf8");
    const second = await loadSecretBox({ env: {}, embedded: true, dataDir });
    expect(await readFile(keyFile, "utf8")).toBe(before);
    expect(second.decrypt(first.encrypt("same key"))).toBe("same key");
  });
});

import { execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlapdHarnessError, SlapdToolError } from "./errors.ts";
import { formatLdifAttribute } from "./ldif.ts";
import { type Slapd, startSlapd } from "./slapd.ts";

// These tests run Debian's real slapd; without it startSlapd fails with the install command.
const run = promisify(execFile);

/** `{SSHA}` as slapd computes it: base64(sha1(password + salt) + salt). */
function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash("sha1").update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString("base64")}`;
}

/** Whether a process runs; a zombie (killed, not yet reaped by whoever adopted it) does not. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

function person(slapd: Slapd, uid: string, password: string, extra: string[] = []): string {
  return [
    `dn: uid=${uid},${slapd.baseDn}`,
    "objectClass: inetOrgPerson",
    `uid: ${uid}`,
    `cn: ${uid}`,
    `sn: ${uid}`,
    `userPassword: ${ssha(password)}`,
    ...extra,
    "",
  ].join("\n");
}

describe("startSlapd", { timeout: 30_000 }, () => {
  let slapd: Slapd;
  beforeAll(async () => {
    slapd = await startSlapd();
  });
  afterAll(() => slapd?.stop());

  it("serves the base entry on a loopback port", async () => {
    expect(slapd.url).toBe(`ldap://127.0.0.1:${slapd.port}/`);
    expect(slapd.adminDn).toBe("cn=admin,dc=example,dc=com");
    expect(await slapd.ldapsearch(slapd.baseDn, "(objectClass=*)", [], { scope: "base" })).toEqual([
      {
        dn: "dc=example,dc=com",
        attributes: { objectClass: ["dcObject", "organization"], dc: ["example"], o: ["example"] },
      },
    ]);
  });

  it("binds an inetOrgPerson with an {SSHA} password, and refuses a wrong one", async () => {
    await slapd.ldapadd(person(slapd, "zhangwei", "Initial-Pass-1"));
    const dn = `uid=zhangwei,${slapd.baseDn}`;
    expect(await slapd.ldapwhoami(dn, "Initial-Pass-1")).toBe(true);
    expect(await slapd.ldapwhoami(dn, "wrong")).toBe(false);
    expect(await slapd.ldapwhoami(dn, "")).toBe(false);
    expect(await slapd.ldapwhoami(`uid=nobody,${slapd.baseDn}`, "Initial-Pass-1")).toBe(false);
    // A bind as the user is also usable for searches.
    const [self] = await slapd.ldapsearch(dn, "(objectClass=*)", ["uid"], {
      scope: "base",
      bind: { dn, password: "Initial-Pass-1" },
    });
    expect(self?.attributes.uid).toEqual(["zhangwei"]);
  });

  it("stores orgsyncManaged entries and finds them by anchor prefix", async () => {
    await slapd.ldapadd(
      [
        `dn: ou=feishuroot,${slapd.baseDn}`,
        "objectClass: organizationalUnit",
        "ou: feishuroot",
        "",
        `dn: cn=yanfa,ou=feishuroot,${slapd.baseDn}`,
        "objectClass: groupOfUniqueNames",
        "objectClass: orgsyncManaged",
        "cn: yanfa",
        formatLdifAttribute("description", "研发中心"),
        `uniqueMember: ${slapd.adminDn}`,
        "orgsyncAnchor: feishu:od-1",
        "",
      ].join("\n"),
    );
    const found = await slapd.ldapsearch(slapd.baseDn, "(orgsyncAnchor=feishu:*)", [
      "orgsyncAnchor",
      "description",
    ]);
    expect(found).toEqual([
      {
        dn: `cn=yanfa,ou=feishuroot,${slapd.baseDn}`,
        attributes: { description: ["研发中心"], orgsyncAnchor: ["feishu:od-1"] },
      },
    ]);
    expect(await slapd.ldapsearch(slapd.baseDn, "(orgsyncAnchor=dingtalk:*)")).toEqual([]);
  });

  it("modifies as the admin, reports LDAP result codes, and gives [] for a missing base", async () => {
    const dn = `uid=zhangwei,${slapd.baseDn}`;
    await slapd.ldapmodify(
      [`dn: ${dn}`, "changetype: modify", "replace: mail", "mail: zhangwei@example.com", ""].join(
        "\n",
      ),
    );
    const [entry] = await slapd.ldapsearch(dn, "(objectClass=*)", ["mail"], { scope: "base" });
    expect(entry?.attributes.mail).toEqual(["zhangwei@example.com"]);

    const duplicate = slapd.ldapadd(person(slapd, "zhangwei", "x"));
    await expect(duplicate).rejects.toBeInstanceOf(SlapdToolError);
    await expect(duplicate).rejects.toMatchObject({ tool: "ldapadd", exitCode: 68 });

    expect(await slapd.ldapsearch(`ou=gone,${slapd.baseDn}`, "(objectClass=*)")).toEqual([]);
    await expect(slapd.ldapsearch(slapd.baseDn, "(bad filter")).rejects.toThrow(
      /ldapsearch failed/,
    );
  });

  it("shows operational attributes on request", async () => {
    const [base] = await slapd.ldapsearch(slapd.baseDn, "(objectClass=*)", ["entryUUID"], {
      scope: "base",
    });
    expect(base?.attributes.entryUUID?.[0]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("Slapd lifecycle", { timeout: 30_000 }, () => {
  it("restart() keeps the data and the port", async () => {
    const slapd = await startSlapd();
    try {
      await slapd.ldapadd(person(slapd, "lisi", "pw-1"));
      const { port, pid } = slapd;
      await slapd.restart();
      expect(slapd.port).toBe(port);
      expect(slapd.pid).not.toBe(pid);
      expect(pid !== undefined && isAlive(pid)).toBe(false);
      expect(await slapd.ldapwhoami(`uid=lisi,${slapd.baseDn}`, "pw-1")).toBe(true);
    } finally {
      await slapd.stop();
    }
  });

  it("kill() crashes slapd; restart() brings it back with its data", async () => {
    const slapd = await startSlapd();
    try {
      await slapd.ldapadd(person(slapd, "wangwu", "pw-2"));
      await slapd.kill();
      expect(slapd.pid).toBeUndefined();
      await expect(slapd.ldapsearch(slapd.baseDn, "(objectClass=*)")).rejects.toMatchObject({
        exitCode: 255,
      });
      await slapd.restart();
      expect(await slapd.ldapwhoami(`uid=wangwu,${slapd.baseDn}`, "pw-2")).toBe(true);
    } finally {
      await slapd.stop();
    }
  });

  it("stop() ends the process and removes the temp dir, and is idempotent", async () => {
    const slapd = await startSlapd();
    const pid = slapd.pid;
    expect(pid).toBeTypeOf("number");
    expect(existsSync(`${slapd.dataDir}/db`)).toBe(true);
    await Promise.all([slapd.stop(), slapd.stop()]);
    await slapd.stop();
    expect(existsSync(slapd.dataDir)).toBe(false);
    expect(isAlive(pid ?? 0)).toBe(false);
    expect(slapd.pid).toBeUndefined();
    await expect(slapd.restart()).rejects.toThrow(/restart\(\) after stop\(\)/);
  });

  it("runs several at once on different ports with separate data", async () => {
    const [a, b] = await Promise.all([startSlapd(), startSlapd({ baseDn: "dc=other,dc=org" })]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.dataDir).not.toBe(b.dataDir);
      await a.ldapadd(person(a, "only-in-a", "pw"));
      expect(await b.ldapsearch(b.baseDn, "(uid=only-in-a)")).toEqual([]);
      expect((await b.ldapsearch(b.baseDn, "(objectClass=*)", [], { scope: "base" }))[0]?.dn).toBe(
        "dc=other,dc=org",
      );
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("kills a slapd nobody stopped when the process exits", async () => {
    // A child process starts a slapd and exits without stop(); its exit handler must clean up.
    const script = [
      `const { startSlapd } = await import(${JSON.stringify(new URL("./index.ts", import.meta.url).href)});`,
      "const slapd = await startSlapd();",
      "console.log(JSON.stringify({ pid: slapd.pid, dir: slapd.dataDir }));",
      "process.exit(0);",
    ].join("\n");
    const child = spawn(
      process.execPath,
      ["--conditions=@orgsync/source", "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: fileURLToPath(new URL("../..", import.meta.url)), stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const { pid, dir } = JSON.parse(stdout) as { pid: number; dir: string };
    // SIGKILL is delivered asynchronously; give the kernel a moment to reap it.
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});

describe("startSlapd options", { timeout: 30_000 }, () => {
  it("tls: serves ldaps:// and StartTLS with a certificate clients can verify", async () => {
    const slapd = await startSlapd({ tls: true });
    try {
      expect(slapd.ldapsUrl).toBe(`ldaps://127.0.0.1:${slapd.ldapsPort}/`);
      expect(slapd.caCertPath).toBeTypeOf("string");
      const args = ["-x", "-H", slapd.ldapsUrl ?? "", "-b", "", "-s", "base", "-LLL"];
      const { stdout } = await run("ldapsearch", [...args, "namingContexts"], {
        env: { ...process.env, LDAPTLS_CACERT: slapd.caCertPath ?? "" },
      });
      expect(stdout).toContain(`namingContexts: ${slapd.baseDn}`);
      // Without our CA the certificate must not verify: proof that TLS is really checked.
      await expect(
        run("ldapsearch", args, {
          env: { ...process.env, LDAPTLS_CACERT: "/dev/null", LDAPTLS_REQCERT: "demand" },
        }),
      ).rejects.toMatchObject({ code: 255 });

      const viaStartTls = await slapd.ldapsearch(slapd.baseDn, "(objectClass=*)", ["dc"], {
        scope: "base",
        startTls: true,
      });
      expect(viaStartTls[0]?.attributes.dc).toEqual(["example"]);
      await slapd.ldapadd(person(slapd, "tlsuser", "pw-tls"));
      expect(
        await slapd.ldapwhoami(`uid=tlsuser,${slapd.baseDn}`, "pw-tls", { url: slapd.ldapsUrl }),
      ).toBe(true);
      await slapd.restart();
      expect(
        await slapd.ldapsearch(slapd.baseDn, "(uid=tlsuser)", ["uid"], { url: slapd.ldapsUrl }),
      ).toHaveLength(1);
    } finally {
      await slapd.stop();
    }
  });

  it("orgsyncSchema: false refuses orgsyncManaged entries", async () => {
    const slapd = await startSlapd({ orgsyncSchema: false });
    try {
      const add = slapd.ldapadd(
        [
          `dn: cn=yanfa,${slapd.baseDn}`,
          "objectClass: groupOfUniqueNames",
          "objectClass: orgsyncManaged",
          "cn: yanfa",
          `uniqueMember: ${slapd.adminDn}`,
          "orgsyncAnchor: feishu:od-1",
          "",
        ].join("\n"),
      );
      // An unknown object class is a value the objectClass syntax refuses: invalidAttributeSyntax.
      await expect(add).rejects.toMatchObject({ exitCode: 21 });
      await expect(add).rejects.toThrow(/objectClass: value #1 invalid per syntax/);
    } finally {
      await slapd.stop();
    }
  });

  it("ppolicy: a locked account cannot bind", async () => {
    const slapd = await startSlapd({ ppolicy: true });
    try {
      expect(slapd.ppolicyDn).toBe("cn=default,ou=policies,dc=example,dc=com");
      const [policy] = await slapd.ldapsearch(slapd.ppolicyDn ?? "", "(objectClass=pwdPolicy)");
      expect(policy?.attributes.pwdAttribute).toEqual(["userPassword"]);
      await slapd.ldapadd(person(slapd, "active", "pw-a"));
      await slapd.ldapadd(
        person(slapd, "departed", "pw-d", ["pwdAccountLockedTime: 000001010000Z"]),
      );
      expect(await slapd.ldapwhoami(`uid=active,${slapd.baseDn}`, "pw-a")).toBe(true);
      expect(await slapd.ldapwhoami(`uid=departed,${slapd.baseDn}`, "pw-d")).toBe(false);
    } finally {
      await slapd.stop();
    }
  });

  it("takes another suffix and an admin password with spaces and quotes", async () => {
    const adminPassword = 'pass word "quoted" \\ 密码';
    const slapd = await startSlapd({ baseDn: "o=测试 公司", adminPassword });
    try {
      expect(slapd.adminDn).toBe("cn=admin,o=测试 公司");
      expect(await slapd.ldapwhoami(slapd.adminDn, adminPassword)).toBe(true);
      const [base] = await slapd.ldapsearch(slapd.baseDn, "(objectClass=*)", [], { scope: "base" });
      expect(base).toEqual({
        dn: "o=测试 公司",
        attributes: { objectClass: ["organization"], o: ["测试 公司"] },
      });
    } finally {
      await slapd.stop();
    }
  });

  it("extraSchemas: a schema slapd cannot load fails the start with slaptest's diagnosis", async () => {
    const start = startSlapd({ extraSchemas: ["/nonexistent/extra.schema"] });
    await expect(start).rejects.toBeInstanceOf(SlapdHarnessError);
    await expect(start).rejects.toThrow(/slapd exited with 1 while starting[\s\S]*slaptest/);
  });

  it("extraSchemas: includes the given files", async () => {
    const slapd = await startSlapd({ extraSchemas: ["/etc/ldap/schema/misc.schema"] });
    try {
      // mailRecipient is defined in misc.schema only.
      await slapd.ldapadd(person(slapd, "mailer", "pw", ["objectClass: inetLocalMailRecipient"]));
    } finally {
      await slapd.stop();
    }
  });
});

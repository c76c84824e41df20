import { createServer, type Server, type Socket } from "node:net";
import { CancelledError, type ConnectionReport, DirectoryError } from "@orgsync/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attributesAllowed,
  readDirectorySchema,
  testDirectoryConnection,
  unknownAttributes,
} from "../src/index.ts";
import type { LdapTargetOptions } from "../src/ldap-target.ts";
import { sshaHash } from "../src/passwords.ts";
import { freeLoopbackPorts } from "../src/testing/free-port.ts";
import { type Slapd, startSlapd } from "../src/testing/index.ts";

let slapd: Slapd;
/** The same directory without orgsync's schema. */
let bare: Slapd;

const reader = { dn: "", password: "reader secret" };

beforeAll(async () => {
  [slapd, bare] = await Promise.all([
    startSlapd({ tls: true }),
    startSlapd({ orgsyncSchema: false }),
  ]);
  // No access directives in the harness's slapd.conf means slapd's default, `access to * by *
  // read`: an ordinary entry may bind and read but not write, which is the identity we need.
  reader.dn = `cn=reader,${slapd.baseDn}`;
  await slapd.ldapadd(
    [
      `dn: ${reader.dn}`,
      "objectClass: person",
      "cn: reader",
      "sn: reader",
      `userPassword: ${sshaHash(reader.password)}`,
      "",
    ].join("\n"),
  );
}, 30_000);

afterAll(async () => {
  await Promise.allSettled([slapd?.stop(), bare?.stop()]);
});

function settings(server: Slapd, extra: Partial<LdapTargetOptions> = {}): LdapTargetOptions {
  return {
    url: server.url,
    bindDn: server.adminDn,
    bindPassword: server.adminPassword,
    baseDn: server.baseDn,
    ...extra,
  };
}

/** `{ reach: "ok", bind: "failed", … }`: the statuses at a glance. */
function statuses(report: ConnectionReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
}

function check(report: ConnectionReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in the report`);
  return found;
}

async function writeCheckLeftovers(): Promise<unknown[]> {
  return slapd.ldapsearch(slapd.baseDn, "(ou=orgsync-write-check-*)", ["1.1"]);
}

describe("testDirectoryConnection", () => {
  it("passes every check on a directory with orgsync's schema, saying what it found", async () => {
    const report = await testDirectoryConnection(settings(slapd));
    expect(statuses(report)).toEqual({
      reach: "ok",
      bind: "ok",
      baseDn: "ok",
      schema: "ok",
      layout: "ok",
      write: "ok",
    });
    expect(report.ok).toBe(true);
    for (const line of report.checks) {
      expect(line.label).not.toBe("");
      expect(line.detail).not.toBe("");
      expect(line.fix).toBeUndefined();
    }
    expect(check(report, "reach").detail).toMatch(/^connected to 127\.0\.0\.1:\d+ in \d+ ms$/);
    expect(check(report, "bind").detail).toBe(`bound as ${slapd.adminDn}`);
    expect(check(report, "baseDn").detail).toBe(`found ${slapd.baseDn} (dcObject, organization)`);
    expect(check(report, "schema").detail).toBe(
      "the schema (cn=Subschema) has orgsyncManaged with orgsyncAnchor and orgsyncDisabled",
    );
    expect(check(report, "layout").detail).toBe(
      "the schema has inetOrgPerson, groupOfUniqueNames, organizationalUnit",
    );
    expect(check(report, "write").detail).toBe(
      `${slapd.adminDn} may add and delete entries under ${slapd.baseDn}`,
    );
  });

  it("leaves no entry behind after the write check", async () => {
    await testDirectoryConnection(settings(slapd));
    await testDirectoryConnection(settings(slapd));
    expect(await writeCheckLeftovers()).toEqual([]);
    // Only the base entry and the reader: nothing else was ever left under the suffix.
    const all = await slapd.ldapsearch(slapd.baseDn, "(objectClass=*)", ["1.1"]);
    expect(all.map((entry) => entry.dn).sort()).toEqual([slapd.baseDn, reader.dn].sort());
  });

  it("fails the schema check with the load hint on a directory without orgsync's schema", async () => {
    const report = await testDirectoryConnection(settings(bare));
    expect(statuses(report)).toEqual({
      reach: "ok",
      bind: "ok",
      baseDn: "ok",
      schema: "failed",
      layout: "ok",
      write: "ok",
    });
    expect(report.ok).toBe(false);
    const schema = check(report, "schema");
    expect(schema.detail).toBe(
      "the schema (cn=Subschema) lacks orgsyncManaged, orgsyncAnchor, orgsyncDisabled",
    );
    // The very hint the target gives when a write hits the missing schema.
    expect(schema.fix).toMatch(
      /^the directory lacks orgsync's schema: load packages\/ldap\/schema\/orgsync.schema/,
    );
  });

  it("fails the bind on a wrong password, naming the settings, and skips what needs it", async () => {
    const report = await testDirectoryConnection(settings(slapd, { bindPassword: "wrong" }));
    expect(statuses(report)).toEqual({
      reach: "ok",
      bind: "failed",
      baseDn: "skipped",
      schema: "skipped",
      layout: "skipped",
      write: "skipped",
    });
    expect(check(report, "bind")).toMatchObject({
      detail: expect.stringMatching(/invalid credentials \(49\)/),
      fix: expect.stringMatching(/^check bindDn and the bind password/),
    });
    expect(check(report, "write").detail).toBe("not checked: the bind failed");
  });

  it("fails the bind without asking when the password is empty (that bind would be anonymous)", async () => {
    const report = await testDirectoryConnection(settings(slapd, { bindPassword: "" }));
    expect(check(report, "bind")).toMatchObject({
      status: "failed",
      detail: expect.stringMatching(/password is empty/),
    });
  });

  it("fails reach fast on a port nobody listens on, and skips everything else", async () => {
    const [port] = await freeLoopbackPorts(1);
    const started = Date.now();
    const report = await testDirectoryConnection(
      settings(slapd, { url: `ldap://127.0.0.1:${port}/` }),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(statuses(report)).toEqual({
      reach: "failed",
      bind: "skipped",
      baseDn: "skipped",
      schema: "skipped",
      layout: "skipped",
      write: "skipped",
    });
    expect(check(report, "reach")).toMatchObject({
      detail: `nothing accepts connections at 127.0.0.1:${port} (ECONNREFUSED)`,
      fix: expect.stringMatching(/^check url host and port; is slapd running/),
    });
    expect(check(report, "layout").detail).toBe("not checked: the connection failed");
  });

  it("fails reach with a timeout when something accepts TCP but never answers", async () => {
    const silent = await listenSilently();
    try {
      const started = Date.now();
      const report = await testDirectoryConnection(
        settings(slapd, { url: `ldap://127.0.0.1:${silent.port}/`, timeoutMs: 300 }),
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(check(report, "reach")).toMatchObject({
        status: "failed",
        detail: expect.stringMatching(/no answer from 127\.0\.0\.1:\d+ \(timeout/),
      });
    } finally {
      await silent.close();
    }
  });

  it("fails the baseDn check for a base that does not exist, naming the directory's suffix", async () => {
    const report = await testDirectoryConnection(
      settings(slapd, { baseDn: `ou=nowhere,${slapd.baseDn}` }),
    );
    expect(statuses(report)).toMatchObject({ baseDn: "failed", schema: "ok", write: "skipped" });
    expect(check(report, "baseDn")).toMatchObject({
      detail: `ou=nowhere,${slapd.baseDn} does not exist (or ${slapd.adminDn} may not see it)`,
      fix: `create ou=nowhere,${slapd.baseDn} below the directory's suffix ${slapd.baseDn}, or correct baseDn`,
    });
    expect(check(report, "write").detail).toBe("not checked: the base DN check failed");

    const elsewhere = await testDirectoryConnection(settings(slapd, { baseDn: "dc=other,dc=org" }));
    expect(check(elsewhere, "baseDn").fix).toBe(
      `correct baseDn: this directory holds ${slapd.baseDn}`,
    );
  });

  it("fails the write check for a bind DN that may only read, with the olcAccess fix", async () => {
    const report = await testDirectoryConnection(
      settings(slapd, { bindDn: reader.dn, bindPassword: reader.password }),
    );
    expect(statuses(report)).toEqual({
      reach: "ok",
      bind: "ok",
      baseDn: "ok",
      schema: "ok",
      layout: "ok",
      write: "failed",
    });
    expect(check(report, "bind").detail).toBe(`bound as ${reader.dn}`);
    expect(check(report, "write")).toMatchObject({
      detail: `${reader.dn} may not add entries under ${slapd.baseDn}: insufficient access (50)`,
      fix: expect.stringContaining(
        `grant write access to ${reader.dn} on ${slapd.baseDn} (olcAccess)`,
      ),
    });
    expect(await writeCheckLeftovers()).toEqual([]);
  });

  it("reports invalid settings on the check they break, as the target would refuse them", async () => {
    const report = await testDirectoryConnection(settings(slapd, { url: "http://127.0.0.1/" }));
    expect(check(report, "reach")).toMatchObject({
      status: "failed",
      detail: expect.stringMatching(/^url: "http:\/\/127.0.0.1\/" is not an LDAP URL/),
    });
    expect(check(report, "bind").status).toBe("skipped");
  });

  it("works over ldaps:// and StartTLS with the directory's CA", async () => {
    const tls = { caCertPath: slapd.caCertPath as string };
    const ldaps = await testDirectoryConnection(
      settings(slapd, { url: slapd.ldapsUrl as string, tls }),
    );
    expect(ldaps.ok).toBe(true);
    expect(check(ldaps, "reach").detail).toMatch(/ over TLS in \d+ ms$/);
    const startTls = await testDirectoryConnection(settings(slapd, { startTls: true, tls }));
    expect(startTls.ok).toBe(true);
    expect(check(startTls, "reach").detail).toMatch(/ with StartTLS in \d+ ms$/);
  });

  it("fails reach on a certificate it cannot verify, pointing at tls.caCertPath", async () => {
    const report = await testDirectoryConnection(
      settings(slapd, { url: slapd.ldapsUrl as string }),
    );
    expect(check(report, "reach")).toMatchObject({
      status: "failed",
      detail: expect.stringMatching(/^TLS with 127\.0\.0\.1:\d+ failed: .*certificate/i),
      fix: expect.stringMatching(/tls\.caCertPath/),
    });
  });

  it("fails reach when the server does not offer StartTLS", async () => {
    const report = await testDirectoryConnection(settings(bare, { startTls: true }));
    expect(check(report, "reach")).toMatchObject({
      status: "failed",
      fix: expect.stringMatching(/turn startTls off/),
    });
  });

  it("rejects with CancelledError when the signal aborts, and does not wait for the server", async () => {
    await expect(
      testDirectoryConnection(settings(slapd), { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(CancelledError);
    const silent = await listenSilently();
    try {
      const started = Date.now();
      await expect(
        testDirectoryConnection(settings(slapd, { url: `ldap://127.0.0.1:${silent.port}/` }), {
          signal: AbortSignal.timeout(200),
        }),
      ).rejects.toBeInstanceOf(CancelledError);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });
});

describe("readDirectorySchema", () => {
  it("knows inetOrgPerson's mail, the alias surname and suggests mail for emial", async () => {
    const schema = await readDirectorySchema(settings(slapd));
    expect(attributesAllowed(schema, ["inetOrgPerson", "orgsyncManaged"])).toContain("mail");
    expect(schema.attributeTypes.get("surname")?.names).toEqual(["sn", "surname"]);
    expect(schema.objectClasses.get("inetorgperson")?.superior).toEqual(["organizationalPerson"]);
    expect(unknownAttributes(schema, ["mail", "surname", "cn;lang-en", "emial"])).toEqual([
      { name: "emial", suggestion: "mail" },
    ]);
  });

  it("rejects with a DirectoryError when the bind is refused", async () => {
    const failure = readDirectorySchema(settings(slapd, { bindPassword: "wrong" }));
    await expect(failure).rejects.toBeInstanceOf(DirectoryError);
    await expect(failure).rejects.toMatchObject({ category: "permission" });
  });
});

/** A TCP listener that accepts and never says a word, like a hung server or a wrong port. */
async function listenSilently(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

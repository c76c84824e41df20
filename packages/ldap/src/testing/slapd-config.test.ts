import { describe, expect, it } from "vitest";
import { SlapdHarnessError } from "./errors.ts";
import { BASE_SCHEMAS, renderSlapdConf, type SlapdConfigInput } from "./slapd-config.ts";

const input: SlapdConfigInput = {
  baseDn: "dc=example,dc=com",
  adminDn: "cn=admin,dc=example,dc=com",
  rootPasswordHash: "{SSHA}abc",
  dir: "/tmp/orgsync-slapd-x",
  schemaFiles: [...BASE_SCHEMAS, "/repo/schema/orgsync.schema"],
  orgsyncSchema: true,
};

describe("renderSlapdConf", () => {
  it("includes the schemas in order and configures one mdb database", () => {
    const conf = renderSlapdConf(input);
    const includes = conf.split("\n").filter((line) => line.startsWith("include "));
    expect(includes).toEqual([
      'include "/etc/ldap/schema/core.schema"',
      'include "/etc/ldap/schema/cosine.schema"',
      'include "/etc/ldap/schema/inetorgperson.schema"',
      'include "/etc/ldap/schema/nis.schema"',
      'include "/repo/schema/orgsync.schema"',
    ]);
    for (const line of [
      "moduleload back_mdb",
      "password-hash {SSHA}",
      "sizelimit unlimited",
      "database mdb",
      "maxsize 1073741824",
      "dbnosync",
      'suffix "dc=example,dc=com"',
      'rootdn "cn=admin,dc=example,dc=com"',
      "rootpw {SSHA}abc",
      'directory "/tmp/orgsync-slapd-x/db"',
      'pidfile "/tmp/orgsync-slapd-x/slapd.pid"',
      "index orgsyncAnchor eq,sub",
      "index entryUUID eq",
    ]) {
      expect(conf.split("\n")).toContain(line);
    }
    expect(conf).not.toMatch(/ppolicy|TLS/);
  });

  it("indexes orgsyncAnchor only when the schema defines it", () => {
    expect(renderSlapdConf({ ...input, orgsyncSchema: false })).not.toContain("orgsyncAnchor");
  });

  it("adds the ppolicy overlay after the database and TLS files globally", () => {
    const conf = renderSlapdConf({
      ...input,
      ppolicyDefaultDn: "cn=default,ou=policies,dc=example,dc=com",
      tls: { certFile: "/t/cert.pem", keyFile: "/t/key.pem" },
    });
    expect(conf).toContain(
      'overlay ppolicy\nppolicy_default "cn=default,ou=policies,dc=example,dc=com"',
    );
    expect(conf.indexOf("overlay ppolicy")).toBeGreaterThan(conf.indexOf("database mdb"));
    expect(conf.indexOf("TLSCertificateFile")).toBeLessThan(conf.indexOf("database mdb"));
    expect(conf).toContain('TLSCertificateKeyFile "/t/key.pem"');
  });

  it("quotes values for slapd's tokenizer and refuses line breaks", () => {
    const conf = renderSlapdConf({ ...input, baseDn: 'o=A\\, "B"', dir: "/tmp/with space" });
    expect(conf).toContain('suffix "o=A\\\\, \\"B\\""');
    expect(conf).toContain('directory "/tmp/with space/db"');
    expect(() => renderSlapdConf({ ...input, baseDn: "dc=a\ninclude /etc/passwd" })).toThrow(
      SlapdHarnessError,
    );
  });
});

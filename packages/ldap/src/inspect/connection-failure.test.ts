import { describe, expect, it } from "vitest";
import { connectionFailure, hostAndPort } from "./connection-failure.ts";

const url = "ldap://ldap.example.com:389/";
const errno = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("connectionFailure", () => {
  it.each([
    [errno("connect ECONNREFUSED 10.0.0.1:389", "ECONNREFUSED"), /ECONNREFUSED/, /slapd running/],
    [errno("getaddrinfo ENOTFOUND ldap.example.com", "ENOTFOUND"), /ENOTFOUND/, /url host/],
    [new Error("Connection timeout"), /timeout/, /firewall/],
    [
      errno("self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"),
      /TLS .*DEPTH_ZERO_SELF_SIGNED_CERT/,
      /tls\.caCertPath/,
    ],
    [errno("read ECONNRESET", "ECONNRESET"), /closed the connection/, /ldaps:\/\//],
  ])("%s", (error, detail, fix) => {
    const failure = connectionFailure(error, url);
    expect(failure.detail).toMatch(detail);
    expect(failure.detail).toContain("ldap.example.com:389");
    expect(failure.fix).toMatch(fix);
  });

  it("fills in the scheme's default port", () => {
    expect(hostAndPort("ldaps://ldap.example.com")).toBe("ldap.example.com:636");
    expect(hostAndPort("ldap://127.0.0.1/")).toBe("127.0.0.1:389");
  });
});

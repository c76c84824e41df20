import { describe, expect, it } from "vitest";
import type { DirectorySettingsData } from "./directory-documents.ts";
import {
  connectionInput,
  draftsOf,
  isPlacementRefusal,
  type LocalCheckMessages,
  layoutInput,
} from "./directory-form.ts";

const CHECKS: LocalCheckMessages = {
  wholeNumber: "whole",
  positiveWhole: "positive",
  percent: "percent",
  required: "required",
};

const STORED = {
  connection: {
    url: "ldaps://ldap.acme.test:636",
    bindDn: "cn=admin,dc=acme,dc=test",
    baseDn: "dc=acme,dc=test",
    options: {
      tls: { caCertPath: "/etc/ssl/corp.pem", rejectUnauthorized: false },
      timeoutMs: 10000,
    },
  },
  hasBindPassword: true,
  layout: {
    groups: "groupOfNames",
    usersOu: "users",
    posix: { uidNumbers: [10000, 59999], gidNumber: 10000, loginShell: "/bin/zsh" },
  },
  defaultEmailSuffix: null,
  passwordMode: "random",
  passwordScheme: "exop",
  hasInitialPassword: false,
  departedUserPolicy: "delete",
  maxDestructive: null,
  maxDestructivePercent: 5.5,
  updatedAt: "2026-11-20T08:00:00.000Z",
  updatedBy: null,
} satisfies DirectorySettingsData;

describe("directory drafts", () => {
  it("round-trips stored settings through the drafts into the same input", () => {
    const drafts = draftsOf(STORED);
    expect(drafts.departed).toEqual({
      policy: "delete",
      maxDestructive: "",
      maxDestructivePercent: "5.5",
    });
    expect(connectionInput(drafts.connection, CHECKS)).toEqual({
      issues: [],
      input: {
        connection: {
          url: "ldaps://ldap.acme.test:636",
          bindDn: "cn=admin,dc=acme,dc=test",
          baseDn: "dc=acme,dc=test",
          startTls: false,
          tls: { rejectUnauthorized: false, caCertPath: "/etc/ssl/corp.pem" },
          timeoutMs: 10000,
        },
      },
    });
    expect(layoutInput(drafts.layout, CHECKS)).toEqual({
      issues: [],
      input: {
        layout: {
          groups: "groupOfNames",
          usersOu: "users",
          posix: { uidNumbers: [10000, 59999], gidNumber: 10000, loginShell: "/bin/zsh" },
        },
        defaultEmailSuffix: null,
      },
    });
  });

  it("turning POSIX off drops the posix block", () => {
    const drafts = draftsOf(STORED);
    const built = layoutInput({ ...drafts.layout, posix: false }, CHECKS);
    expect(built.input.layout).toEqual({ groups: "groupOfNames", usersOu: "users" });
  });

  it("names a half-given range", () => {
    const drafts = draftsOf(STORED);
    const built = layoutInput({ ...drafts.layout, uidHigh: "" }, CHECKS);
    expect(built.issues).toEqual([{ path: "layout.posix.uidNumbers", message: "required" }]);
  });

  it("recognises the service's refusal to move managed entries, and only that", () => {
    const refusal = {
      path: "connection.baseDn",
      message:
        "cannot change after provider feishu has synced: … move the entries yourself and save with force",
    };
    expect(isPlacementRefusal([refusal])).toBe(true);
    expect(
      isPlacementRefusal([{ path: "connection.baseDn", message: "is not a valid DN (…)" }]),
    ).toBe(false);
    expect(isPlacementRefusal([refusal, { path: "connection.url", message: "must start" }])).toBe(
      false,
    );
  });
});

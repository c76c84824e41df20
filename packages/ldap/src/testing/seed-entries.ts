import { SlapdHarnessError } from "./errors.ts";
import { formatLdifAttribute } from "./ldif.ts";

export function baseEntryLdif(baseDn: string): string {
  const match = /^\s*([A-Za-z]+)\s*=\s*((?:\\.|[^,+\\])*)/.exec(baseDn);
  const type = match?.[1]?.toLowerCase();
  const value = unescapeDnValue(match?.[2] ?? "");
  const classes: Record<string, string[]> = {
    dc: ["dcObject", "organization"],
    o: ["organization"],
    ou: ["organizationalUnit"],
  };
  const objectClasses = type ? classes[type] : undefined;
  if (!type || !objectClasses || value === "") {
    throw new SlapdHarnessError(
      `slapd harness: baseDn must start with dc=, o= or ou= (got ${JSON.stringify(baseDn)})`,
    );
  }
  return [
    formatLdifAttribute("dn", baseDn),
    ...objectClasses.map((objectClass) => `objectClass: ${objectClass}`),
    formatLdifAttribute(type, value),
    // organization needs `o`; for dc= it repeats the dc value, as slapd's own examples do.
    ...(type === "dc" ? [formatLdifAttribute("o", value)] : []),
    "",
  ].join("\n");
}

export function unescapeDnValue(value: string): string {
  // A run of `\hh` escapes is UTF-8 bytes (`\e5\bc\a0` is 张); `\,` is a literal comma.
  return value
    .replace(
      /(?:\\[0-9a-fA-F]{2})+|\\(.)/gu,
      (run, literal: string | undefined) =>
        literal ?? Buffer.from(run.replaceAll("\\", ""), "hex").toString("utf8"),
    )
    .trim();
}

export function ppolicyLdif(baseDn: string, policyDn: string): string {
  return [
    formatLdifAttribute("dn", `ou=policies,${baseDn}`),
    "objectClass: organizationalUnit",
    "ou: policies",
    "",
    formatLdifAttribute("dn", policyDn),
    // pwdPolicy is auxiliary; device is the smallest structural class that only needs a cn.
    "objectClass: device",
    "objectClass: pwdPolicy",
    "cn: default",
    "pwdAttribute: userPassword",
    "pwdLockout: TRUE",
    "pwdMaxFailure: 5",
    "pwdLockoutDuration: 300",
    "pwdFailureCountInterval: 300",
    "pwdMaxAge: 0",
    "pwdMinLength: 0",
    "pwdCheckQuality: 0",
    "pwdInHistory: 0",
    "pwdAllowUserChange: TRUE",
    "pwdMustChange: FALSE",
    "",
  ].join("\n");
}

import { escapeDnValue, formatDn, parseDn } from "@orgsync/core";

/**
 * A DN as we send it to the server. The same DN as core's, except that a backslash in a value
 * is written `\5C` instead of `\\`: ldapts splits a modifyDN target at the first comma not
 * preceded by a backslash, which `\\,` (an escaped backslash ending a value) would fool.
 */
export function wireDn(dn: string): string {
  return formatDn(parseDn(dn)).replace(/\\\\/g, "\\5C");
}

/** One RDN (`cn=a\2C b`) in wire form. */
export function wireRdn(attribute: string, value: string): string {
  return `${attribute}=${escapeDnValue(value).replace(/\\\\/g, "\\5C")}`;
}

/**
 * Escapes a value for an LDAP search filter (RFC 4515): `*`, `(`, `)`, `\` and NUL become
 * `\2a`, `\28`, `\29`, `\5c`, `\00`, so a name can never change the meaning of a filter.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(
    /[*()\\\0]/g,
    (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

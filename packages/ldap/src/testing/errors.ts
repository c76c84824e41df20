/**
 * Errors of the slapd test harness. Tests branch on the class (and on `exitCode`, which the
 * ldap-utils set to the LDAP result code), never on message text.
 */

/** Something the harness itself could not do: write the config, start slapd, parse LDIF. */
export class SlapdHarnessError extends Error {
  override name = "SlapdHarnessError";
}

/**
 * An ldap-utils command (`ldapsearch`, `ldapadd`, …) exited non-zero. `exitCode` is the LDAP
 * result code when the server answered (21 invalid syntax, 49 invalid credentials, 65 object
 * class violation, 68 already exists), 255 when the server could not be reached.
 */
export class SlapdToolError extends SlapdHarnessError {
  override name = "SlapdToolError";
  constructor(
    readonly tool: string,
    readonly exitCode: number,
    readonly stderr: string,
    options?: ErrorOptions,
  ) {
    super(
      `slapd harness: ${tool} failed with exit code ${exitCode}: ${stderr.trim() || "(no output)"}`,
      options,
    );
  }
}

import { join } from "node:path";
import { SlapdHarnessError } from "./errors.ts";
import { findExecutable } from "./require-slapd.ts";
import { runTool } from "./run-tool.ts";

/** A self-signed certificate for 127.0.0.1/localhost; it is its own CA. */
export interface SelfSignedCert {
  certFile: string;
  keyFile: string;
}

/**
 * Generates a P-256 key and a self-signed certificate valid for `IP:127.0.0.1` and
 * `DNS:localhost` into `dir`. EC rather than RSA because it takes milliseconds; `openssl req
 * -x509` marks it `CA:TRUE`, so clients can trust it directly (`LDAPTLS_CACERT=<certFile>`).
 */
export async function generateSelfSignedCert(dir: string): Promise<SelfSignedCert> {
  const openssl = findExecutable("openssl");
  if (!openssl) {
    throw new SlapdHarnessError(
      "slapd harness: openssl not found (needed for tls: true); run `bash scripts/ensure-toolchain.sh` (it installs Debian's slapd, ldap-utils and openssl)",
    );
  }
  const certFile = join(dir, "tls-cert.pem");
  const keyFile = join(dir, "tls-key.pem");
  const result = await runTool(openssl, [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    keyFile,
    "-out",
    certFile,
    "-days",
    "2",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  if (result.exitCode !== 0) {
    throw new SlapdHarnessError(
      `slapd harness: openssl could not generate a certificate: ${result.stderr.trim()}`,
    );
  }
  return { certFile, keyFile };
}

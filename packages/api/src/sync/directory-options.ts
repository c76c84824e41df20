import type { LdapTargetOptions } from "@orgsync/ldap";
import { DirectoryNotConfiguredError } from "../errors.ts";
import type { DirectorySettingsWithSecrets } from "../repositories/directory-settings.ts";

/**
 * Turns the stored directory settings into the LDAP target's options. The settings' free-form
 * parts (`connection` options beyond url/bindDn/baseDn, `layout`) are the target's own option
 * names, so they pass through; the target validates them and names what is wrong.
 */
export function directoryTargetOptions(
  settings: DirectorySettingsWithSecrets | undefined,
): LdapTargetOptions {
  if (!settings) {
    throw new DirectoryNotConfiguredError(
      "directory: no LDAP directory is configured; save the directory settings (url, bindDn, baseDn, bind password) first",
    );
  }
  if (settings.bindPassword === undefined) {
    throw new DirectoryNotConfiguredError(
      "directory: the LDAP bind password is not set; save it with the directory settings",
    );
  }
  const { url, bindDn, baseDn, ...connectionOptions } = settings.connection;
  const { passwordPolicy } = settings;
  if (passwordPolicy.mode === "initial" && settings.initialPassword === undefined) {
    throw new DirectoryNotConfiguredError(
      'directory: the password policy is "initial" but no initial password is set; set one (go-ldap-admin\'s user-init-password) or choose "random"',
    );
  }
  return {
    ...connectionOptions,
    url,
    bindDn,
    baseDn,
    bindPassword: settings.bindPassword,
    layout: settings.layout,
    passwords: {
      initial: passwordPolicy.mode === "random" ? "random" : (settings.initialPassword as string),
      scheme: passwordPolicy.scheme ?? "ssha",
    },
  };
}

/**
 * Field relations equivalent to what go-ldap-admin seeds (`public/common/init_mysql_data.go`,
 * reference §2.7) combined with how it writes LDAP entries (`UserService.Add`, `group_ildap.go`,
 * reference §2.10). Providers ship these as `defaultFieldRelations`, so an admin moving from
 * go-ldap-admin gets the same entries without writing a relation.
 *
 * Not carried over, on purpose:
 * - `sourceDeptId`, `sourceDeptParentId`, `sourceUserId`, `sourceUnionId`: identity is the anchor
 *   (flag + immutable id), not a mapped field;
 * - `avatar`: go-ldap-admin kept it in SQL only, never in LDAP;
 * - `businessCategory`: go-ldap-admin wrote the comma-joined group names; orgsync expresses
 *   membership through the groups themselves;
 * - go-ldap-admin's filler values for empty fields (`Nickname` "佚名", `JobNumber` "0000",
 *   `Position` "默认:打工人", a random mobile, …): an empty field is left out, never invented.
 */
import type { FieldRelations } from "./types.ts";

/** Groups are the same for every IM: only the raw keys behind `sourceDept*` differed. */
function groupRelations(): FieldRelations["group"] {
  return {
    // groupName ← custom_name_pinyin: the department name in pinyin; go-ldap-admin writes it as cn.
    name: "{{ name | pinyin }}",
    attributes: {
      // remark ← name: go-ldap-admin writes `description: <remark>` on cn groups.
      description: "name",
    },
  };
}

/** Attributes every IM shares: cn from the username (UserService.Add writes `cn: username`). */
const USERNAME_CN = "{{ username }}";

/**
 * username ← custom_name_pinyin. go-pinyin read every name as plain text (曾 → ceng); reading the
 * first character as a surname gives the spelling people expect (曾小明 → zengxiaoming).
 */
const USERNAME_PINYIN = '{{ name | pinyin: "name" }}';

/**
 * mail ← the IM's email; go-ldap-admin's CommonAddUser filled an empty mail with
 * `username@default-email-suffix`, which `default_email` reproduces when the suffix is configured.
 */
const mailOrDefault = (field: string) => `{{ ${field} | default: default_email }}`;

/**
 * The IM's raw key behind each go-ldap-admin user field. go-ldap-admin wrote them as: nickname →
 * `sn` (on add; an update later wrote the old username there, a bug we do not copy) and
 * `displayName`; jobNumber → `employeeNumber`; position → `departmentNumber`; introduction →
 * `description`; the rest under their own names.
 */
interface SeededUserKeys {
  givenName: string;
  email: string;
  mobile: string;
  jobNumber: string;
  position: string;
  postalAddress: string;
  introduction: string;
}

function userRelations(keys: SeededUserKeys): FieldRelations["user"] {
  return {
    username: [USERNAME_PINYIN],
    attributes: {
      cn: USERNAME_CN,
      sn: "name",
      displayName: "name",
      givenName: keys.givenName,
      mail: mailOrDefault(keys.email),
      mobile: keys.mobile,
      employeeNumber: keys.jobNumber,
      departmentNumber: keys.position,
      postalAddress: keys.postalAddress,
      description: keys.introduction,
    },
  };
}

const feishu: FieldRelations = {
  group: groupRelations(),
  user: userRelations({
    givenName: "name",
    email: "email",
    mobile: "mobile",
    jobNumber: "employee_no",
    position: "job_title",
    postalAddress: "work_station",
    introduction: "name",
  }),
};

const dingtalk: FieldRelations = {
  group: groupRelations(),
  user: userRelations({
    givenName: "name",
    email: "email",
    mobile: "mobile",
    jobNumber: "job_number",
    position: "title",
    postalAddress: "work_place",
    introduction: "remark",
  }),
};

const wecom: FieldRelations = {
  group: groupRelations(),
  user: userRelations({
    // The WeCom seed since 5a7a803 (2024-04).
    givenName: "alias",
    email: "email",
    mobile: "mobile",
    // WeCom has no employee number field, so go-ldap-admin seeded the mobile; kept for
    // identical entries, change it if you have a better field.
    jobNumber: "mobile",
    position: "external_position",
    postalAddress: "address",
    introduction: "name",
  }),
};

/** Frozen all the way down: providers hand these out, so one caller must not edit another's. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * go-ldap-admin's seeded relations per IM, as orgsync relations (frozen; copy before editing,
 * e.g. with `structuredClone` or `goLdapAdminDefaultsFor`).
 */
export const goLdapAdminDefaultRelations: {
  readonly feishu: FieldRelations;
  readonly dingtalk: FieldRelations;
  readonly wecom: FieldRelations;
} = deepFreeze({ feishu, dingtalk, wecom });

export type GoLdapAdminIm = keyof typeof goLdapAdminDefaultRelations;

export function isGoLdapAdminIm(im: string): im is GoLdapAdminIm {
  return Object.hasOwn(goLdapAdminDefaultRelations, im);
}

/** An editable copy of the defaults for an IM go-ldap-admin knew (`feishu`, `dingtalk`, `wecom`). */
export function goLdapAdminDefaultsFor(im: GoLdapAdminIm): FieldRelations {
  return structuredClone(goLdapAdminDefaultRelations[im]);
}

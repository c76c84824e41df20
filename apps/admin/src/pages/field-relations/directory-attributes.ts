import { defineMessages } from "../../i18n/messages.ts";
import type { Kind } from "./draft.ts";

/**
 * Directory attributes the editor suggests, per kind: what the object classes the LDAP target
 * writes allow (users: `inetOrgPerson` with `organizationalPerson` and `person`, plus `gecos` of
 * `posixAccount`; groups: `groupOfUniqueNames`/`groupOfNames`/`posixGroup`), minus what orgsync
 * sets itself (uid, objectClass, passwords, memberships, POSIX ids, the group's RDN) and minus
 * DN-valued ones (`manager`, `owner`) that no IM field fills. The provider's defaults come first.
 * The service checks names against the live directory schema when relations are saved.
 */
const SUGGESTED: Record<Kind, readonly string[]> = {
  group: ["description", "ou", "o", "businessCategory"],
  user: [
    "cn",
    "sn",
    "givenName",
    "displayName",
    "mail",
    "mobile",
    "telephoneNumber",
    "employeeNumber",
    "employeeType",
    "departmentNumber",
    "title",
    "description",
    "postalAddress",
    "physicalDeliveryOfficeName",
    "l",
    "st",
    "street",
    "postalCode",
    "o",
    "ou",
    "initials",
    "preferredLanguage",
    "labeledURI",
    "roomNumber",
    "businessCategory",
    "gecos",
  ],
};

/** The defaults' attributes, then the list above; names compared case-insensitively. */
export function suggestedAttributes(kind: Kind, fromDefaults: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of [...fromDefaults, ...SUGGESTED[kind]]) {
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

/** What each suggested attribute holds, shown next to it in the suggestions. */
export const attributeHints = defineMessages({
  en: {
    cn: "Common name (required)",
    sn: "Surname (required by inetOrgPerson)",
    givenName: "Given name",
    displayName: "Display name",
    mail: "Email address",
    mobile: "Mobile number",
    telephoneNumber: "Telephone number",
    employeeNumber: "Employee number",
    employeeType: "Employment type",
    departmentNumber: "Department number (go-ldap-admin wrote the position here)",
    title: "Job title",
    description: "Description",
    postalAddress: "Postal address (go-ldap-admin wrote the work station here)",
    physicalDeliveryOfficeName: "Office",
    l: "City (locality)",
    st: "State or province",
    street: "Street",
    postalCode: "Postal code",
    o: "Organization",
    ou: "Organizational unit",
    initials: "Initials",
    preferredLanguage: "Preferred language",
    labeledURI: "Web address",
    roomNumber: "Room number",
    businessCategory: "Business category",
    gecos: "Full name of a POSIX account (posixAccount)",
  },
  zh: {
    cn: "通用名（必填）",
    sn: "姓（inetOrgPerson 必填）",
    givenName: "名",
    displayName: "显示名称",
    mail: "邮箱",
    mobile: "手机号",
    telephoneNumber: "电话",
    employeeNumber: "工号",
    employeeType: "员工类型",
    departmentNumber: "部门编号（go-ldap-admin 在此写入职务）",
    title: "职务",
    description: "描述",
    postalAddress: "通信地址（go-ldap-admin 在此写入工位）",
    physicalDeliveryOfficeName: "办公地点",
    l: "城市",
    st: "省份",
    street: "街道",
    postalCode: "邮政编码",
    o: "组织",
    ou: "组织单位",
    initials: "姓名缩写",
    preferredLanguage: "首选语言",
    labeledURI: "网址",
    roomNumber: "房间号",
    businessCategory: "业务类别",
    gecos: "POSIX 账号的全名（posixAccount）",
  },
});

import { defineMessages } from "../../i18n/messages.ts";
import type { Kind } from "./draft.ts";

const kindsEn = (kinds: readonly Kind[]) =>
  kinds
    .map((kind) => (kind === "group" ? "the group relations" : "the user relations"))
    .join(" and ");
const kindsZh = (kinds: readonly Kind[]) =>
  kinds.map((kind) => (kind === "group" ? "分组关系" : "用户关系")).join("和");

export const fieldRelationsMessages = defineMessages({
  en: {
    title: "Field relations",
    description:
      "How the IM's departments and people become LDAP groups and accounts: every directory attribute is filled from a source field or a template. A sync needs both kinds saved.",
    importButton: "Import go-ldap-admin JSON",
    loadingRelations: "Loading the field relations…",
    notSavedTitle: "Not saved yet — a sync is refused until both kinds are saved",
    notSavedBody: (kinds: readonly Kind[]) =>
      `Still to save: ${kindsEn(kinds)}. The editors show the provider's defaults; save them as they are or adjust them first.`,

    tabsLabel: "Relation kinds",
    tabGroups: "Groups",
    tabUsers: "Users",
    groupTitle: "Group relations",
    userTitle: "User relations",
    groupIntro:
      "Every IM department becomes a group under the provider's root, nested like the org chart; its members follow the org chart.",
    userIntro: "Every IM member becomes an account, uid=<username>, with the attributes below.",
    savedBy: (version: number, who: string, when: string) =>
      `Version ${version}, saved by ${who} on ${when}`,
    savedBySystem: (version: number, when: string) =>
      `Version ${version}, saved by the system on ${when}`,
    badgeSaved: "Saved",
    badgeNotSaved: "Not saved yet",
    badgeUnsaved: "Unsaved changes",
    notSavedKind:
      "The editor shows the provider's defaults. A sync is refused until both kinds are saved.",
    noChanges: "No unsaved changes",
    saveGroup: "Save group relations",
    saveUser: "Save user relations",
    discard: "Discard changes",
    resetDefaults: "Reset to defaults",
    resetTitle: (kind: Kind): string =>
      kind === "group"
        ? "Reset the group relations to the defaults?"
        : "Reset the user relations to the defaults?",
    resetBody:
      "The provider's default relations (equivalent to go-ldap-admin's) are saved as a new version and replace the current ones. Existing entries change at the next sync.",
    resetDiscards: "Your unsaved changes to this kind are discarded.",
    resetConfirm: "Reset and save",
    savedNotice: (version: number) => `Saved as version ${version}.`,
    resetNotice: (version: number) => `Reset to the defaults and saved as version ${version}.`,
    reloadedNotice: "Reloaded the saved relations.",
    localProblemsNotice: (count: number) =>
      count === 1
        ? "Nothing was saved: fix the highlighted problem first."
        : `Nothing was saved: fix the ${count} highlighted problems first.`,
    invalidNotice:
      "The service refused these relations. The problems are shown next to their rows.",
    conflictTitle: "Someone else saved these relations",
    conflictBody:
      "They were saved again after you opened this page, so your save was refused instead of overwriting theirs. Reload to see the saved version (your unsaved changes to this kind are lost), then make your edits again.",
    reload: "Reload saved relations",
    notSavedError: "Not saved",

    groupName: "Group name",
    groupNameHint: "The group's RDN value (cn=…), e.g. {{ name | pinyin }}.",
    attributesTitle: "Attributes",
    groupAttributesHint:
      "Directory attribute ← source field or template. objectClass and the members are set by orgsync.",
    userAttributesHint:
      "Directory attribute ← source field or template. uid (the username), objectClass and the password are set by orgsync; an attribute whose expression gives nothing is left out.",
    columnAttribute: "Directory attribute",
    columnExpression: "Source expression",
    attributeLabel: (row: number) => `Directory attribute, row ${row}`,
    expressionFor: (attribute: string) => `Expression for ${attribute}`,
    expressionRow: (row: number) => `Expression, row ${row}`,
    removeAttribute: (attribute: string) => `Remove ${attribute}`,
    removeRow: (row: number) => `Remove row ${row}`,
    addAttribute: "Add attribute",
    noAttributes: "No attribute is mapped yet.",

    usernameTitle: "Username candidates",
    usernameHint:
      "Tried in order: the first one that gives a free username wins; when all are taken, the first gets a number (zhangwei2). A username, once given, stays.",
    candidateLabel: (index: number) => `Username candidate ${index}`,
    moveUp: (index: number) => `Move candidate ${index} up`,
    moveDown: (index: number) => `Move candidate ${index} down`,
    removeCandidate: (index: number) => `Remove candidate ${index}`,
    addCandidate: "Add candidate",

    nameRequired: "Enter the group name expression, e.g. {{ name | pinyin }}.",
    usernameEmpty: "Add at least one username candidate.",
    candidateRequired: "Enter an expression, or remove this candidate.",
    attributeRequired: "Enter the directory attribute, or remove the row.",
    attributeInvalid: (name: string) =>
      `"${name}" is not an LDAP attribute name: use letters, digits and "-", starting with a letter.`,
    attributeDuplicate: (name: string) =>
      `${name} is already mapped above (attribute names ignore case); keep one row.`,
    reservedUid: "uid is the username: change the username candidates instead.",
    reservedObjectClass: "objectClass is set by the directory layout.",
    reservedPassword: "userPassword is set by the password policy.",
    reservedMember: (name: string) => `${name} cannot be mapped: memberships follow the org chart.`,
    expressionRequired: "Enter a source field or a template, or remove the row.",
    generalIssuesTitle: "Also to fix:",

    fieldsTitle: "Source fields",
    fieldsHint: (target: string) =>
      `Insert puts a field into ${target}: a plain field is replaced, a template gets {{ field }} at the cursor.`,
    fieldsFilter: "Filter fields",
    insert: "Insert",
    insertField: (path: string) => `Insert ${path}`,
    builtIn: "built-in",
    example: "e.g.",
    noFieldsMatch: "No field matches.",
    builtinDepartmentId: "Department id (the IM's, immutable)",
    builtinDepartmentName: "Department name",
    builtinParentId: "Parent department id",
    builtinOrder: "Order among siblings",
    builtinUserId: "User id (the IM's, immutable)",
    builtinUserName: "Name",
    builtinUsername: "Allocated username (attributes only)",
    builtinDefaultEmail: "username@default email suffix (attributes only)",
    builtinStatus: "Status: active, frozen, resigned or notJoined",
    builtinDepartmentIds: "Ids of the person's departments",

    syntaxTitle: "Expression syntax",
    syntaxPath: "A source field, copied as it is; dots reach nested fields.",
    syntaxTemplate:
      "A template: text with {{ … }} parts. A part is a field or a quoted text, followed by filters after |.",
    syntaxEmpty: "An attribute whose expression gives nothing is left out of the entry.",
    examplesTitle: "Examples",
    exPath: "the email as it is",
    exNested: "a nested field",
    exPinyin: "the name in pinyin",
    exText: "text around a field",
    exDefault: "a fallback when the field is empty",
    filtersTitle: "Filters",
    filterPinyin:
      'Han characters to pinyin without tones (张伟 → zhangwei); pinyin: "name" reads the first character as a surname (曾小明 → zengxiaoming).',
    filterLower: "Lower case.",
    filterUpper: "Upper case.",
    filterTrim: "Removes spaces at both ends.",
    filterLocalpart: "The part before the last @ (zhang.wei@example.com → zhang.wei).",
    filterDefault: "The argument when the value is empty; the argument may be a field.",
    filterReplace: "Replaces every occurrence of the first text by the second, literally.",
    filterTruncate: "Keeps at most n characters.",

    previewTitle: "Preview",
    previewIntro:
      "Your current draft, unsaved edits included, rendered on the first departments and people read live from the IM. Nothing is written.",
    previewButton: "Preview",
    sampleSize: "Sample size",
    previewUpdating: "Updating the preview…",
    previewPaused: "Preview paused: complete or remove the unfinished rows.",
    previewInvalid: "The service found problems in the draft; they are shown next to their rows.",
    sampleGroups: "Sample groups",
    sampleUsers: "Sample users",
    colDepartment: "Department",
    colGroupName: "Group name",
    colDn: "DN",
    colAttributes: "Attributes",
    colProblems: "Problems",
    colPerson: "Person",
    colUsername: "Username",
    noProblems: "None",
    noAttributeValues: "No attributes",
    withProblems: (problems: number, total: number) => `${total} read, ${problems} with problems`,
    allFine: (total: number) => `${total} read, no problems`,
    noSampleGroups: "The IM returned no departments.",
    noSampleUsers: "The IM returned no people.",

    importTitle: "Import go-ldap-admin field relations",
    importIntro:
      "Paste go-ldap-admin's field relations export (the rows of its field_relations table, or its API answer) or choose the file. Both kinds are translated and saved as new versions; what was translated differently is listed afterwards.",
    importDirty: "Your unsaved changes in the editors are replaced.",
    importFile: "JSON file",
    importText: "go-ldap-admin JSON",
    importConfirm: "Import and save",
    importEmpty: "Paste the JSON or choose a file first.",
    importParseError: (detail: string) => `This is not valid JSON: ${detail}`,
    importFileError: "The file could not be read.",
    importedTitle: (group: number, user: number) =>
      `Imported from go-ldap-admin: group relations version ${group}, user relations version ${user}.`,
    importNotes: "What the importer translated differently or left out:",
    noNotes: "Everything was carried over as it was.",
    warning: "Warning",
    dismiss: "Dismiss",
  },
  zh: {
    title: "字段关系",
    description:
      "决定 IM 中的部门和人员如何变成 LDAP 中的组和账号：每个目录属性取自一个源字段或一个模板。两类关系都保存后才能同步。",
    importButton: "导入 go-ldap-admin JSON",
    loadingRelations: "正在加载字段关系…",
    notSavedTitle: "尚未保存 —— 两类关系都保存之前，同步会被拒绝",
    notSavedBody: (kinds: readonly Kind[]) =>
      `还需保存：${kindsZh(kinds)}。编辑器中已填好该提供方的默认关系，可以直接保存，也可以先调整。`,

    tabsLabel: "关系类型",
    tabGroups: "分组",
    tabUsers: "用户",
    groupTitle: "分组关系",
    userTitle: "用户关系",
    groupIntro:
      "每个 IM 部门都会成为提供方根节点下的一个组，层级与组织架构一致；组成员随组织架构同步。",
    userIntro: "每个 IM 成员都会成为一个账号（uid=<用户名>），并写入下列属性。",
    savedBy: (version: number, who: string, when: string) =>
      `第 ${version} 版，由 ${who} 于 ${when} 保存`,
    savedBySystem: (version: number, when: string) => `第 ${version} 版，由系统于 ${when} 保存`,
    badgeSaved: "已保存",
    badgeNotSaved: "尚未保存",
    badgeUnsaved: "有未保存的修改",
    notSavedKind: "编辑器中显示的是提供方的默认关系。两类关系都保存之前，同步会被拒绝。",
    noChanges: "没有未保存的修改",
    saveGroup: "保存分组关系",
    saveUser: "保存用户关系",
    discard: "放弃修改",
    resetDefaults: "恢复默认",
    resetTitle: (kind: Kind): string =>
      kind === "group" ? "将分组关系恢复为默认？" : "将用户关系恢复为默认？",
    resetBody:
      "提供方的默认关系（与 go-ldap-admin 的初始配置等效）将保存为新版本并替换当前关系。已有条目会在下次同步时更新。",
    resetDiscards: "此类关系中未保存的修改将被丢弃。",
    resetConfirm: "恢复并保存",
    savedNotice: (version: number) => `已保存为第 ${version} 版。`,
    resetNotice: (version: number) => `已恢复默认并保存为第 ${version} 版。`,
    reloadedNotice: "已重新加载已保存的关系。",
    localProblemsNotice: (count: number) =>
      count === 1 ? "未保存：请先修正标出的问题。" : `未保存：请先修正标出的 ${count} 处问题。`,
    invalidNotice: "服务拒绝了这些关系，问题已标在对应的行旁。",
    conflictTitle: "其他人已保存了这些关系",
    conflictBody:
      "在你打开此页面之后，这些关系又被保存过，为避免覆盖对方的修改，你的保存被拒绝了。请重新加载查看已保存的版本（此类关系中未保存的修改会丢失），然后重新编辑。",
    reload: "重新加载已保存的关系",
    notSavedError: "未保存",

    groupName: "组名",
    groupNameHint: "组的 RDN 值（cn=…），例如 {{ name | pinyin }}。",
    attributesTitle: "属性",
    groupAttributesHint: "目录属性 ← 源字段或模板。objectClass 和组成员由 orgsync 设置。",
    userAttributesHint:
      "目录属性 ← 源字段或模板。uid（即用户名）、objectClass 和密码由 orgsync 设置；表达式没有结果的属性不会写入。",
    columnAttribute: "目录属性",
    columnExpression: "来源表达式",
    attributeLabel: (row: number) => `第 ${row} 行的目录属性`,
    expressionFor: (attribute: string) => `${attribute} 的表达式`,
    expressionRow: (row: number) => `第 ${row} 行的表达式`,
    removeAttribute: (attribute: string) => `删除 ${attribute}`,
    removeRow: (row: number) => `删除第 ${row} 行`,
    addAttribute: "添加属性",
    noAttributes: "尚未映射任何属性。",

    usernameTitle: "用户名候选",
    usernameHint:
      "按顺序尝试：第一个得到未被占用用户名的候选生效；都被占用时，在第一个候选后加数字（zhangwei2）。用户名一经分配便不再改变。",
    candidateLabel: (index: number) => `用户名候选 ${index}`,
    moveUp: (index: number) => `上移候选 ${index}`,
    moveDown: (index: number) => `下移候选 ${index}`,
    removeCandidate: (index: number) => `删除候选 ${index}`,
    addCandidate: "添加候选",

    nameRequired: "请填写组名表达式，例如 {{ name | pinyin }}。",
    usernameEmpty: "请至少添加一个用户名候选。",
    candidateRequired: "请填写表达式，或删除此候选。",
    attributeRequired: "请填写目录属性，或删除此行。",
    attributeInvalid: (name: string) =>
      `“${name}”不是 LDAP 属性名：只能使用字母、数字和“-”，并以字母开头。`,
    attributeDuplicate: (name: string) =>
      `上方已映射 ${name}（属性名不区分大小写），请只保留一行。`,
    reservedUid: "uid 即用户名：请修改用户名候选。",
    reservedObjectClass: "objectClass 由目录布局决定。",
    reservedPassword: "userPassword 由密码策略设置。",
    reservedMember: (name: string) => `${name} 不能映射：组成员随组织架构同步。`,
    expressionRequired: "请填写源字段或模板，或删除此行。",
    generalIssuesTitle: "另需修正：",

    fieldsTitle: "源字段",
    fieldsHint: (target: string) =>
      `“插入”会把字段放入${target}：普通字段直接替换，模板则在光标处插入 {{ 字段 }}。`,
    fieldsFilter: "筛选字段",
    insert: "插入",
    insertField: (path: string) => `插入 ${path}`,
    builtIn: "内置",
    example: "例",
    noFieldsMatch: "没有匹配的字段。",
    builtinDepartmentId: "部门 ID（IM 中不可变的 ID）",
    builtinDepartmentName: "部门名称",
    builtinParentId: "上级部门 ID",
    builtinOrder: "同级排序",
    builtinUserId: "用户 ID（IM 中不可变的 ID）",
    builtinUserName: "姓名",
    builtinUsername: "分配到的用户名（仅限属性）",
    builtinDefaultEmail: "用户名@默认邮箱后缀（仅限属性）",
    builtinStatus: "状态：active、frozen、resigned 或 notJoined",
    builtinDepartmentIds: "所属部门的 ID",

    syntaxTitle: "表达式语法",
    syntaxPath: "源字段：原样写入；用点号访问嵌套字段。",
    syntaxTemplate:
      "模板：在文本中嵌入 {{ … }}。每段是一个字段或带引号的文本，后面可用 | 接过滤器。",
    syntaxEmpty: "表达式没有结果的属性不会写入条目。",
    examplesTitle: "示例",
    exPath: "原样写入邮箱",
    exNested: "嵌套字段",
    exPinyin: "姓名的拼音",
    exText: "字段前后加文本",
    exDefault: "字段为空时的默认值",
    filtersTitle: "过滤器",
    filterPinyin:
      '汉字转为不带声调的拼音（张伟 → zhangwei）；pinyin: "name" 会把第一个字按姓氏读（曾小明 → zengxiaoming）。',
    filterLower: "转为小写。",
    filterUpper: "转为大写。",
    filterTrim: "去掉首尾空白。",
    filterLocalpart: "取最后一个 @ 之前的部分（zhang.wei@example.com → zhang.wei）。",
    filterDefault: "值为空时使用参数；参数也可以是一个字段。",
    filterReplace: "把第一个文本逐字替换为第二个文本。",
    filterTruncate: "最多保留 n 个字符。",

    previewTitle: "预览",
    previewIntro:
      "用当前草稿（含未保存的修改）渲染从 IM 实时读取的前几个部门和人员，不会写入任何内容。",
    previewButton: "预览",
    sampleSize: "样本数量",
    previewUpdating: "正在更新预览…",
    previewPaused: "预览已暂停：请补全或删除未填完的行。",
    previewInvalid: "服务发现草稿中有问题，已标在对应的行旁。",
    sampleGroups: "样本分组",
    sampleUsers: "样本用户",
    colDepartment: "部门",
    colGroupName: "组名",
    colDn: "DN",
    colAttributes: "属性",
    colProblems: "问题",
    colPerson: "人员",
    colUsername: "用户名",
    noProblems: "无",
    noAttributeValues: "无属性",
    withProblems: (problems: number, total: number) =>
      `读取 ${total} 个，其中 ${problems} 个有问题`,
    allFine: (total: number) => `读取 ${total} 个，没有问题`,
    noSampleGroups: "IM 没有返回任何部门。",
    noSampleUsers: "IM 没有返回任何人员。",

    importTitle: "导入 go-ldap-admin 字段关系",
    importIntro:
      "粘贴 go-ldap-admin 导出的字段关系（field_relations 表的记录，或其接口返回的内容），或选择文件。两类关系会被转换并保存为新版本；转换方式不同的地方会在导入后列出。",
    importDirty: "编辑器中未保存的修改将被替换。",
    importFile: "JSON 文件",
    importText: "go-ldap-admin JSON",
    importConfirm: "导入并保存",
    importEmpty: "请先粘贴 JSON 或选择文件。",
    importParseError: (detail: string) => `不是有效的 JSON：${detail}`,
    importFileError: "无法读取该文件。",
    importedTitle: (group: number, user: number) =>
      `已从 go-ldap-admin 导入：分组关系第 ${group} 版，用户关系第 ${user} 版。`,
    importNotes: "导入时转换方式不同或未导入的内容：",
    noNotes: "所有内容均已原样转换。",
    warning: "警告",
    dismiss: "关闭",
  },
});

export type FieldRelationsText = (typeof fieldRelationsMessages)["en"];

/** The keys whose message is plain text (no values to put in). */
export type TextKey = {
  [K in keyof FieldRelationsText]: FieldRelationsText[K] extends string ? K : never;
}[keyof FieldRelationsText];

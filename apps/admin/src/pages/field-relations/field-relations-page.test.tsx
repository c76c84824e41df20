import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, type GraphQLCall, renderPage } from "../../test/render.tsx";
import { FieldRelationsPage } from "./field-relations-page.tsx";

afterEach(() => vi.unstubAllGlobals());

const defaults = {
  group: {
    name: "{{ name | pinyin }}",
    attributes: [{ attribute: "description", expression: "name" }],
  },
  user: {
    username: ['{{ name | pinyin: "name" }}'],
    attributes: [
      { attribute: "cn", expression: "{{ username }}" },
      { attribute: "sn", expression: "name" },
      { attribute: "mail", expression: "{{ email | default: default_email }}" },
      { attribute: "mobile", expression: "mobile" },
    ],
  },
};

const fields = {
  group: [{ path: "name", label: "Name", type: "string", description: null, example: "研发中心" }],
  user: [
    { path: "name", label: "Name", type: "string", description: null, example: "张伟" },
    { path: "email", label: "Email", type: "string", description: null, example: null },
    { path: "job_title", label: "Job title", type: "string", description: null, example: null },
  ],
};

const AT = "2025-11-20T08:00:00.000Z";

function relations(
  saved: { group?: number; user?: number; by?: string; userRelations?: typeof defaults.user } = {},
) {
  return {
    fieldRelations: {
      __typename: "ProviderFieldRelations",
      providerId: "1",
      group:
        saved.group === undefined
          ? null
          : {
              version: saved.group,
              updatedAt: AT,
              updatedBy: saved.by ?? "alice",
              relations: defaults.group,
            },
      user:
        saved.user === undefined
          ? null
          : {
              version: saved.user,
              updatedAt: AT,
              updatedBy: saved.by ?? "alice",
              relations: saved.userRelations ?? defaults.user,
            },
      defaults,
      fields,
    },
  };
}

const preview = {
  previewFieldRelations: {
    __typename: "FieldRelationPreview",
    groupRelationsFrom: "draft",
    userRelationsFrom: "draft",
    note: null,
    groups: [
      {
        sourceId: "od-1",
        sourceName: "研发中心",
        name: "yanfazhongxin",
        dn: "cn=yanfazhongxin,ou=feishuroot,dc=example,dc=com",
        attributes: [{ attribute: "description", values: ["研发中心"] }],
        problems: [],
      },
    ],
    users: [
      {
        sourceId: "ou-1",
        sourceName: "张伟",
        username: "zhangwei",
        dn: "uid=zhangwei,ou=people,dc=example,dc=com",
        attributes: [{ attribute: "mail", values: ["zhangwei@example.com"] }],
        problems: [],
      },
      {
        sourceId: "ou-2",
        sourceName: "李娜",
        username: "lina",
        dn: "uid=lina,ou=people,dc=example,dc=com",
        attributes: [],
        problems: [
          'the required attribute "sn" has no value: the directory would refuse this entry',
        ],
      },
    ],
  },
};

/** A save's answer: the relations sent, stored as `version` by "admin". */
function savedAs(field: string, typename: string, version: number) {
  return (variables: Record<string, unknown>) => ({
    [field]: {
      __typename: typename,
      version,
      updatedAt: AT,
      updatedBy: "admin",
      relations: variables.relations,
    },
  });
}

const callsOf = (calls: GraphQLCall[], name: string) =>
  calls.filter((call) => call.operationName === name);

async function openUsers() {
  await userEvent.click(await screen.findByRole("tab", { name: "Users" }));
}

describe("FieldRelationsPage", { timeout: 15_000 }, () => {
  it("prefills the defaults when nothing is saved, and Save stores them as version 1", async () => {
    const calls = answerGraphQL({
      FieldRelationsLoad: relations(),
      FieldRelationsPreview: preview,
      FieldRelationsSaveGroup: savedAs("setGroupRelations", "GroupRelationsVersion", 1),
    });
    renderPage(<FieldRelationsPage />);

    expect(
      await screen.findByText("Not saved yet — a sync is refused until both kinds are saved"),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Group name")).toHaveValue("{{ name | pinyin }}");
    expect(screen.getByRole("combobox", { name: "Expression for description" })).toHaveValue(
      "name",
    );

    await userEvent.click(screen.getByRole("button", { name: "Save group relations" }));
    expect(await screen.findByText("Saved as version 1.")).toBeInTheDocument();
    expect(callsOf(calls, "FieldRelationsSaveGroup")[0]?.variables).toEqual({
      providerId: "1",
      relations: defaults.group,
      expectedVersion: 0,
    });
    expect(screen.getByText(/Version 1, saved by admin/)).toBeInTheDocument();
    // The users are still unsaved: the warning stays and names them.
    expect(screen.getByText(/Still to save: the user relations/)).toBeInTheDocument();
  });

  it("adds and removes attribute rows, and saves them in order", async () => {
    const calls = answerGraphQL({
      FieldRelationsLoad: relations({ group: 2, user: 5 }),
      FieldRelationsPreview: preview,
      FieldRelationsSaveUser: savedAs("setUserRelations", "UserRelationsVersion", 6),
    });
    renderPage(<FieldRelationsPage />);
    await openUsers();
    const save = screen.getByRole("button", { name: "Save user relations" });
    expect(save).toBeDisabled();

    await userEvent.click(screen.getByRole("button", { name: "Add attribute" }));
    const attribute = screen.getByRole("combobox", { name: "Directory attribute, row 5" });
    expect(attribute).toHaveFocus();
    await userEvent.type(attribute, "title");
    await userEvent.type(
      screen.getByRole("combobox", { name: "Expression for title" }),
      "job_title",
    );
    await userEvent.click(screen.getByRole("button", { name: "Remove mobile" }));
    expect(
      screen.queryByRole("combobox", { name: "Expression for mobile" }),
    ).not.toBeInTheDocument();
    expect(screen.getByText("Unsaved changes")).toBeInTheDocument();

    await userEvent.click(save);
    expect(await screen.findByText("Saved as version 6.")).toBeInTheDocument();
    const sent = callsOf(calls, "FieldRelationsSaveUser")[0]?.variables;
    expect(sent?.expectedVersion).toBe(5);
    expect(sent?.relations).toEqual({
      username: defaults.user.username,
      attributes: [
        { attribute: "cn", expression: "{{ username }}" },
        { attribute: "sn", expression: "name" },
        { attribute: "mail", expression: "{{ email | default: default_email }}" },
        { attribute: "title", expression: "job_title" },
      ],
    });
  });

  it("refuses obviously wrong relations without sending them", async () => {
    const calls = answerGraphQL({
      FieldRelationsLoad: relations({ group: 1, user: 1 }),
      FieldRelationsPreview: preview,
    });
    renderPage(<FieldRelationsPage />);
    await openUsers();

    await userEvent.click(screen.getByRole("button", { name: "Add attribute" }));
    await userEvent.type(
      screen.getByRole("combobox", { name: "Directory attribute, row 5" }),
      "Mail",
    );
    await userEvent.click(screen.getByRole("button", { name: "Add attribute" }));
    await userEvent.click(screen.getByRole("button", { name: "Remove candidate 1" }));
    expect(screen.getByText("Add at least one username candidate.")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Save user relations" }));
    expect(
      await screen.findByText("Nothing was saved: fix the 5 highlighted problems first."),
    ).toBeInTheDocument();
    expect(
      screen.getByText("mail is already mapped above (attribute names ignore case); keep one row."),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("combobox", { name: "Directory attribute, row 6" }),
    ).toHaveAccessibleDescription(
      "Enter the directory attribute, or remove the row. Enter a source field or a template, or remove the row.",
    );
    expect(screen.getByRole("combobox", { name: "Expression for Mail" })).toBeInvalid();
    expect(
      screen.getByText("Preview paused: complete or remove the unfinished rows."),
    ).toBeInTheDocument();
    expect(callsOf(calls, "FieldRelationsSaveUser")).toHaveLength(0);
  });

  it("shows the service's validation issues next to the row they name", async () => {
    answerGraphQL({
      FieldRelationsLoad: relations({ group: 1, user: 1 }),
      FieldRelationsPreview: preview,
      FieldRelationsSaveUser: {
        setUserRelations: {
          __typename: "ValidationError",
          message: "field relations: …",
          issues: [
            {
              path: "user.attributes.mail",
              message: 'unknown filter "lowr"; did you mean "lower"?',
            },
            { path: "options.defaultEmailSuffix", message: "is not a domain" },
          ],
        },
      },
    });
    renderPage(<FieldRelationsPage />);
    await openUsers();
    const mail = screen.getByRole("combobox", { name: "Expression for mail" });
    await userEvent.clear(mail);
    await userEvent.paste("{{ email | lowr }}");
    await userEvent.click(screen.getByRole("button", { name: "Save user relations" }));

    expect(
      await screen.findByText(
        "The service refused these relations. The problems are shown next to their rows.",
      ),
    ).toBeInTheDocument();
    expect(mail).toBeInvalid();
    expect(mail).toHaveAccessibleDescription('unknown filter "lowr"; did you mean "lower"?');
    expect(screen.getByRole("combobox", { name: "Expression for sn" })).toBeValid();
    // An issue that names no row is listed above the editor, with its path.
    expect(screen.getByText("options.defaultEmailSuffix")).toBeInTheDocument();

    // Editing the row drops the issue that described the old text.
    await userEvent.type(mail, " ");
    expect(mail).toBeValid();
  });

  it("previews the current draft, debounced, and again on request", async () => {
    const calls = answerGraphQL({
      FieldRelationsLoad: relations({ group: 1, user: 1 }),
      FieldRelationsPreview: preview,
    });
    renderPage(<FieldRelationsPage />);

    const table = await screen.findByRole("table", { name: "Sample users" });
    const problemRow = within(table).getByRole("row", { name: /李娜/ });
    expect(problemRow).toHaveClass("preview-problem");
    expect(
      within(problemRow).getByText(/the required attribute "sn" has no value/),
    ).toBeInTheDocument();
    expect(screen.getByText("2 read, 1 with problems")).toBeInTheDocument();
    expect(callsOf(calls, "FieldRelationsPreview")[0]?.variables).toEqual({
      providerId: "1",
      sample: 5,
      draft: defaults,
    });

    const name = screen.getByLabelText("Group name");
    await userEvent.clear(name);
    await userEvent.paste("{{ name | lower }}");
    await waitFor(
      () =>
        expect(
          callsOf(calls, "FieldRelationsPreview").some(
            (call) => (call.variables.draft as typeof defaults).group.name === "{{ name | lower }}",
          ),
        ).toBe(true),
      { timeout: 3000 },
    );
    const sent = callsOf(calls, "FieldRelationsPreview").length;
    await userEvent.click(screen.getByRole("button", { name: "Preview" }));
    await waitFor(() => expect(callsOf(calls, "FieldRelationsPreview").length).toBe(sent + 1));
    expect(callsOf(calls, "FieldRelationsPreview").at(-1)?.variables.draft).toEqual({
      group: { ...defaults.group, name: "{{ name | lower }}" },
      user: defaults.user,
    });
  });

  it("says when someone else saved meanwhile, and reloads their version", async () => {
    let stored = relations({ group: 1, user: 3 });
    const current = () => stored;
    const calls = answerGraphQL({
      FieldRelationsLoad: current,
      FieldRelationsPreview: preview,
      FieldRelationsSaveUser: {
        setUserRelations: { __typename: "ConflictError", message: "changed" },
      },
    });
    renderPage(<FieldRelationsPage />);
    await openUsers();
    await userEvent.type(screen.getByRole("combobox", { name: "Expression for sn" }), "!");
    await userEvent.click(screen.getByRole("button", { name: "Save user relations" }));

    expect(await screen.findByText("Someone else saved these relations")).toBeInTheDocument();
    expect(callsOf(calls, "FieldRelationsSaveUser")[0]?.variables.expectedVersion).toBe(3);

    stored = relations({
      group: 1,
      user: 4,
      by: "bob",
      userRelations: { ...defaults.user, attributes: [{ attribute: "sn", expression: "en_name" }] },
    });
    await userEvent.click(screen.getByRole("button", { name: "Reload saved relations" }));
    expect(await screen.findByText("Reloaded the saved relations.")).toBeInTheDocument();
    expect(screen.getByText(/Version 4, saved by bob/)).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Expression for sn" })).toHaveValue("en_name");
    expect(screen.queryByRole("combobox", { name: "Expression for mail" })).not.toBeInTheDocument();
  });

  it("resets a kind to the defaults after confirming", async () => {
    const calls = answerGraphQL({
      FieldRelationsLoad: relations({
        group: 2,
        user: 7,
        userRelations: { username: ["email"], attributes: [] },
      }),
      FieldRelationsPreview: preview,
      FieldRelationsReset: {
        resetFieldRelations: {
          __typename: "ProviderFieldRelations",
          group: { version: 2, updatedAt: AT, updatedBy: "alice", relations: defaults.group },
          user: { version: 8, updatedAt: AT, updatedBy: "admin", relations: defaults.user },
        },
      },
    });
    renderPage(<FieldRelationsPage />);
    await openUsers();
    expect(screen.getByRole("combobox", { name: "Username candidate 1" })).toHaveValue("email");

    await userEvent.click(screen.getByRole("button", { name: "Reset to defaults" }));
    const dialog = screen.getByRole("dialog", {
      name: "Reset the user relations to the defaults?",
    });
    await userEvent.click(within(dialog).getByRole("button", { name: "Reset and save" }));

    expect(
      await screen.findByText("Reset to the defaults and saved as version 8."),
    ).toBeInTheDocument();
    expect(callsOf(calls, "FieldRelationsReset")[0]?.variables).toEqual({
      providerId: "1",
      kind: "user",
    });
    expect(screen.getByRole("combobox", { name: "Username candidate 1" })).toHaveValue(
      '{{ name | pinyin: "name" }}',
    );
  });

  it("imports go-ldap-admin JSON: parse errors first, then the importer's notes", async () => {
    const calls = answerGraphQL({
      FieldRelationsLoad: relations(),
      FieldRelationsPreview: preview,
      FieldRelationsImport: {
        importGoLdapAdminFieldRelations: {
          __typename: "ImportFieldRelationsPayload",
          notes: [
            "feishu_group: no remark; the description is left out",
            'warning: feishu_user.sourceUserId was mapped to "open_id", not feishu\'s default "user_id"',
          ],
          relations: {
            group: { version: 1, updatedAt: AT, updatedBy: "admin", relations: defaults.group },
            user: { version: 1, updatedAt: AT, updatedBy: "admin", relations: defaults.user },
          },
        },
      },
    });
    renderPage(<FieldRelationsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Import go-ldap-admin JSON" }));
    const dialog = screen.getByRole("dialog", { name: "Import go-ldap-admin field relations" });
    const text = within(dialog).getByLabelText("go-ldap-admin JSON");

    await userEvent.click(text);
    await userEvent.paste('[{ "flag": "feishu_user", ');
    await userEvent.click(within(dialog).getByRole("button", { name: "Import and save" }));
    expect(within(dialog).getByText(/^This is not valid JSON:/)).toBeInTheDocument();
    expect(callsOf(calls, "FieldRelationsImport")).toHaveLength(0);

    await userEvent.clear(text);
    await userEvent.paste(
      '[{ "flag": "feishu_user", "attributes": { "username": "custom_name_pinyin" } }]',
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Import and save" }));

    expect(
      await screen.findByText(
        "Imported from go-ldap-admin: group relations version 1, user relations version 1.",
      ),
    ).toBeInTheDocument();
    expect(callsOf(calls, "FieldRelationsImport")[0]?.variables).toEqual({
      providerId: "1",
      json: [{ flag: "feishu_user", attributes: { username: "custom_name_pinyin" } }],
    });
    const warning = screen.getByText(/feishu_user.sourceUserId was mapped/);
    expect(warning.tagName).toBe("STRONG");
    expect(
      screen.getByText("feishu_group: no remark; the description is left out"),
    ).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(
      screen.queryByText(/a sync is refused until both kinds are saved/),
    ).not.toBeInTheDocument();
  });

  it("inserts a source field into the expression last focused", async () => {
    answerGraphQL({
      FieldRelationsLoad: relations({ group: 1, user: 1 }),
      FieldRelationsPreview: preview,
    });
    renderPage(<FieldRelationsPage />);
    await openUsers();
    const mobile = screen.getByRole("combobox", { name: "Expression for mobile" });
    await userEvent.click(mobile);
    expect(screen.getByText(/Insert puts a field into Expression for mobile/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Insert job_title" }));
    expect(mobile).toHaveValue("job_title");
  });

  it("speaks Chinese", async () => {
    answerGraphQL({
      FieldRelationsLoad: relations(),
      FieldRelationsPreview: preview,
    });
    renderPage(<FieldRelationsPage />, { locale: "zh" });
    expect(screen.getByRole("heading", { name: "字段关系" })).toBeInTheDocument();
    expect(
      await screen.findByText("尚未保存 —— 两类关系都保存之前，同步会被拒绝"),
    ).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "分组" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("button", { name: "保存分组关系" })).toBeEnabled();
    expect(screen.getByLabelText("组名")).toHaveValue("{{ name | pinyin }}");
    expect(await screen.findByRole("table", { name: "样本用户" })).toBeInTheDocument();
    expect(screen.getByText("读取 2 个，其中 1 个有问题")).toBeInTheDocument();
  });
});

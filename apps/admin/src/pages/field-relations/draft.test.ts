import { describe, expect, it } from "vitest";
import {
  groupChanged,
  groupDraftOf,
  groupProblems,
  insertField,
  placeIssues,
  targets,
  userDraftOf,
  userInputOf,
  userProblems,
} from "./draft.ts";

const user = userDraftOf({
  username: ['{{ name | pinyin: "name" }}', "{{ email | localpart }}"],
  attributes: [
    { attribute: "cn", expression: "{{ username }}" },
    { attribute: "mail", expression: "email" },
  ],
});

describe("field relation drafts", () => {
  it("round-trips the API's shape, trimming attribute names only", () => {
    const draft = userDraftOf({
      username: ["a"],
      attributes: [{ attribute: " mail ", expression: " email" }],
    });
    expect(userInputOf(draft)).toEqual({
      username: ["a"],
      attributes: [{ attribute: "mail", expression: " email" }],
    });
  });

  it("notices an edit and its undoing", () => {
    const stored = {
      name: "{{ name | pinyin }}",
      attributes: [{ attribute: "description", expression: "name" }],
    };
    const draft = groupDraftOf(stored);
    expect(groupChanged(draft, stored)).toBe(false);
    expect(groupChanged({ ...draft, name: "name" }, stored)).toBe(true);
  });

  it("finds what is obviously wrong: empty, invalid, reserved and duplicate attributes", () => {
    const draft = groupDraftOf({
      name: " ",
      attributes: [
        { attribute: "description", expression: "name" },
        { attribute: "Description", expression: "name" },
        { attribute: "", expression: "" },
        { attribute: "member", expression: "id" },
        { attribute: "2fa", expression: "id" },
      ],
    });
    const [first, second, third, fourth, fifth] = draft.attributes.map((row) => row.key);
    expect(groupProblems(draft)).toEqual([
      { target: targets.name, code: "nameRequired" },
      {
        target: targets.attribute(second as string),
        code: "attributeDuplicate",
        attribute: "description",
      },
      { target: targets.attribute(third as string), code: "attributeRequired" },
      { target: targets.expression(third as string), code: "expressionRequired" },
      {
        target: targets.attribute(fourth as string),
        code: "attributeReserved",
        attribute: "member",
      },
      { target: targets.attribute(fifth as string), code: "attributeInvalid", attribute: "2fa" },
    ]);
    expect(first).toBeDefined();
  });

  it("refuses an empty username list and empty candidates", () => {
    expect(userProblems({ username: [], attributes: [] })).toEqual([
      { target: targets.username, code: "usernameEmpty" },
    ]);
    const blank = userDraftOf({ username: [""], attributes: [] });
    expect(userProblems(blank)[0]?.code).toBe("candidateRequired");
  });

  it("places the service's issues at the row they name", () => {
    const [first, second] = user.username.map((row) => row.key);
    const [cn, mail] = user.attributes.map((row) => row.key);
    const placed = placeIssues(
      "user",
      [
        { path: "user.attributes.mail", message: "unknown filter" },
        { path: "user.attributes.0", message: "listed twice" },
        { path: "user.username[1]", message: "cannot use username" },
        { path: "user.attributes", message: "general" },
        { path: "group.name", message: "not mine" },
      ],
      user,
    );
    expect(placed.byTarget).toEqual({
      [targets.row(mail as string)]: ["unknown filter"],
      [targets.row(cn as string)]: ["listed twice"],
      [targets.candidate(second as string)]: ["cannot use username"],
    });
    expect(placed.general).toEqual([{ path: "user.attributes", message: "general" }]);
    expect(first).toBeDefined();
  });

  it("inserts a field: replaces a plain path, interpolates into a template at the cursor", () => {
    expect(insertField("", "email")).toEqual({ value: "email", cursor: 5 });
    expect(insertField("mobile", "email")).toEqual({ value: "email", cursor: 5 });
    expect(insertField("{{ name }}@x", "id", { start: 10, end: 10 })).toEqual({
      value: "{{ name }}{{ id }}@x",
      cursor: 18,
    });
  });
});

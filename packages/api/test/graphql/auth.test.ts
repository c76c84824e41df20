import { describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../databases.ts";
import { ADMIN, useTestService } from "../service/test-service.ts";

const LOGIN = `mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) {
    __typename
    ... on LoginPayload { token admin { username } expiresAt }
    ... on TooManyLoginAttemptsError { retryAfterSeconds message }
    ... on Error { message }
  }
}`;

describe.each(DATABASE_KINDS)("GraphQL auth on %s", (kind) => {
  const t = useTestService(kind, { runJobs: false });

  it("creates the first admin from the environment, so no setup is offered", async () => {
    const result = await t.gql<{ setupRequired: boolean }>("{ setupRequired }");
    expect(result.data).toEqual({ setupRequired: false });
    const setup = await t.gql<{ setup: { __typename: string } }>(
      `mutation { setup(username: "mallory", password: "long-enough-password") { __typename } }`,
    );
    expect(setup.data?.setup.__typename).toBe("ConflictError");
  });

  it("logs in, knows who is asking, and logs out for good", async () => {
    const result = await t.gql<{ login: { __typename: string; token: string } }>(LOGIN, {
      u: ADMIN.username.toUpperCase(),
      p: ADMIN.password,
    });
    expect(result.data?.login.__typename).toBe("LoginPayload");
    expect(result.headers.get("set-cookie")).toMatch(
      /^orgsync_session=.+; Path=\/; HttpOnly; SameSite=Strict/,
    );
    const token = result.data?.login.token as string;
    expect((await t.gql("{ me { username } }", {}, token)).data).toEqual({
      me: { username: ADMIN.username },
    });
    await t.gql("mutation { logout }", {}, token);
    expect((await t.gql("{ me { username } }", {}, token)).data).toEqual({ me: null });
    expect((await t.gql("{ providers { id } }", {}, token)).status).toBe(401);
  });

  it("accepts the session cookie instead of a bearer token", async () => {
    const token = await t.login();
    const response = await t.service.yoga.fetch("http://orgsync.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: `theme=dark; orgsync_session=${token}`,
      },
      body: JSON.stringify({ query: "{ me { username } }" }),
    });
    expect(await response.json()).toEqual({ data: { me: { username: ADMIN.username } } });
  });

  it("refuses every other operation without a session, introspection and fragments included", async () => {
    for (const query of [
      "{ providers { id } }",
      "{ __schema { queryType { name } } }",
      "query { ...F } fragment F on Query { providers { id } }",
      "query { ... on Query { runs { __typename } } }",
      `mutation { runSync(providerId: "x", scope: ALL) { __typename } }`,
      `subscription { runProgress(id: "x") { runId } }`,
    ]) {
      const result = await t.gql(query);
      expect(result.status, query).toBe(401);
      expect(result.errors?.[0]?.extensions?.code, query).toBe("UNAUTHENTICATED");
      expect(result.data ?? null, query).toBeNull();
    }
  });

  it("throttles password guessing per username, also for the right password", async () => {
    const username = "admin";
    for (let attempt = 1; attempt <= 5; attempt++) {
      const result = await t.gql<{ login: { __typename: string } }>(LOGIN, {
        u: username,
        p: `wrong-${attempt}`,
      });
      expect(result.data?.login.__typename).toBe("InvalidCredentialsError");
    }
    const blocked = await t.gql<{ login: { __typename: string; retryAfterSeconds: number } }>(
      LOGIN,
      { u: username, p: ADMIN.password },
    );
    expect(blocked.data?.login.__typename).toBe("TooManyLoginAttemptsError");
    expect(blocked.data?.login.retryAfterSeconds).toBeGreaterThan(0);
    // Another username is not locked out by these failures.
    const other = await t.gql<{ login: { __typename: string } }>(LOGIN, { u: "nobody", p: "x" });
    expect(other.data?.login.__typename).toBe("InvalidCredentialsError");
  });
});

describe("first-run setup", () => {
  const t = useTestService("pglite", { runJobs: false, bootstrapAdmin: false });
  const SETUP = `mutation($u: String!, $p: String!) {
    setup(username: $u, password: $p) {
      __typename
      ... on LoginPayload { token }
      ... on ValidationError { issues { path message } }
    }
  }`;

  it("offers setup until the first admin exists, refuses weak input, then refuses a second setup", async () => {
    expect((await t.gql("{ setupRequired }")).data).toEqual({ setupRequired: true });
    const weak = await t.gql<{ setup: { __typename: string; issues: { path: string }[] } }>(SETUP, {
      u: "root",
      p: "short",
    });
    expect(weak.data?.setup.__typename).toBe("ValidationError");
    expect(weak.data?.setup.issues.map((issue) => issue.path)).toEqual(["password"]);
    expect((await t.gql("{ setupRequired }")).data).toEqual({ setupRequired: true });

    const done = await t.gql<{ setup: { __typename: string; token: string } }>(SETUP, {
      u: "root",
      p: "a-long-enough-passphrase",
    });
    expect(done.data?.setup.__typename).toBe("LoginPayload");
    const me = await t.gql("{ me { username } }", {}, done.data?.setup.token);
    expect(me.data).toEqual({ me: { username: "root" } });
    expect((await t.gql("{ setupRequired }")).data).toEqual({ setupRequired: false });

    const again = await t.gql<{ setup: { __typename: string } }>(SETUP, {
      u: "mallory",
      p: "another-long-passphrase",
    });
    expect(again.data?.setup.__typename).toBe("ConflictError");
  });
});

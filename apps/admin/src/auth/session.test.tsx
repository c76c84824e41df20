import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { graphql } from "../graphql/graphql.ts";
import { useGraphQLQuery } from "../graphql/hooks.ts";
import { answerGraphQL, renderPage } from "../test/render.tsx";
import { SessionGate } from "./session.tsx";

afterEach(() => vi.unstubAllGlobals());

const ProvidersProbe = graphql(`
  query SessionTestProviders {
    providers {
      id
    }
  }
`);

/** A page that asks the service for something only a logged-in admin may read. */
function Protected() {
  const query = useGraphQLQuery(ProvidersProbe, {}, { retry: false });
  return (
    <>
      <p>{query.isError ? "request failed" : "the app"}</p>
      <button type="button" onClick={() => query.refetch()}>
        Reload
      </button>
    </>
  );
}

const LOGGED_IN = { me: { id: "1", username: "admin", lastLoginAt: null }, setupRequired: false };

describe("SessionGate", () => {
  it("shows the first-run form while no admin exists", async () => {
    answerGraphQL({ Session: { me: null, setupRequired: true } });
    renderPage(
      <SessionGate>
        <p>the app</p>
      </SessionGate>,
    );
    expect(await screen.findByRole("heading", { name: "Create the first admin" })).toBeVisible();
    expect(screen.queryByText("the app")).toBeNull();
  });

  it("shows the login form to a visitor without a session", async () => {
    answerGraphQL({ Session: { me: null, setupRequired: false } });
    renderPage(
      <SessionGate>
        <p>the app</p>
      </SessionGate>,
    );
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeVisible();
  });

  it("brings the login form back when a request finds the session gone", async () => {
    let sessionAlive = true;
    const calls = answerGraphQL({
      Session: LOGGED_IN,
      SessionTestProviders: { providers: [] },
    });
    // Once the session expires, the service answers 401 UNAUTHENTICATED.
    const answer = globalThis.fetch;
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      if (!sessionAlive) {
        return Response.json(
          { errors: [{ message: "log in first", extensions: { code: "UNAUTHENTICATED" } }] },
          { status: 401 },
        );
      }
      return answer(url, init);
    });
    renderPage(
      <SessionGate>
        <Protected />
      </SessionGate>,
    );
    expect(await screen.findByText("the app")).toBeVisible();
    sessionAlive = false;
    await userEvent.click(screen.getByRole("button", { name: "Reload" }));
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeVisible();
    // The gate knew from the failed request: it did not have to ask for the session again.
    expect(calls.filter((call) => call.operationName === "Session")).toHaveLength(1);
  });

  it("renders the app for a logged-in admin", async () => {
    answerGraphQL({ Session: LOGGED_IN, SessionTestProviders: { providers: [] } });
    renderPage(
      <SessionGate>
        <Protected />
      </SessionGate>,
    );
    expect(await screen.findByText("the app")).toBeVisible();
  });
});

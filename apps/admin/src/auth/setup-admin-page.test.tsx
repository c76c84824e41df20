import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, renderPage } from "../test/render.tsx";
import { SetupAdminPage } from "./setup-admin-page.tsx";

afterEach(() => vi.unstubAllGlobals());

async function fill(username: string, password: string, repeat: string) {
  const name = screen.getByLabelText("Username");
  await userEvent.clear(name);
  await userEvent.type(name, username);
  await userEvent.type(screen.getByLabelText("Password"), password);
  await userEvent.type(screen.getByLabelText("Repeat the password"), repeat);
  await userEvent.click(screen.getByRole("button", { name: "Create admin and log in" }));
}

describe("SetupAdminPage (first run)", () => {
  it("refuses two different passwords without sending anything", async () => {
    const calls = answerGraphQL({});
    renderPage(<SetupAdminPage />);
    await fill("root", "a long passphrase", "another passphrase");
    expect(screen.getByText("The two passwords differ.")).toBeInTheDocument();
    expect(screen.getByLabelText("Repeat the password")).toHaveAttribute("aria-invalid", "true");
    expect(calls.some((call) => call.operationName === "SetupAdmin")).toBe(false);
  });

  it("shows the service's objections field by field", async () => {
    answerGraphQL({
      SetupAdmin: {
        setup: {
          __typename: "ValidationError",
          message: "setup: the password is too short",
          issues: [{ path: "password", message: "use at least 12 characters" }],
        },
      },
    });
    renderPage(<SetupAdminPage />);
    await fill("root", "short", "short");
    expect(await screen.findByText("setup: the password is too short")).toBeInTheDocument();
    expect(screen.getByRole("listitem")).toHaveTextContent("password — use at least 12 characters");
  });

  it("creates the admin with what was typed", async () => {
    const calls = answerGraphQL({
      SetupAdmin: { setup: { __typename: "LoginPayload", admin: { id: "1" } } },
      Session: { me: { id: "1", username: "root", lastLoginAt: null }, setupRequired: false },
    });
    renderPage(<SetupAdminPage />);
    await fill("root", "a long passphrase", "a long passphrase");
    await vi.waitFor(() =>
      expect(calls.find((call) => call.operationName === "SetupAdmin")?.variables).toEqual({
        username: "root",
        password: "a long passphrase",
      }),
    );
  });
});

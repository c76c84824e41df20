import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerGraphQL, renderPage } from "../test/render.tsx";
import { LoginPage } from "./login-page.tsx";

afterEach(() => vi.unstubAllGlobals());

describe("LoginPage", () => {
  it("sends the username and password and says when they are wrong", async () => {
    const calls = answerGraphQL({
      Login: { login: { __typename: "InvalidCredentialsError", message: "invalid" } },
    });
    renderPage(<LoginPage />);
    await userEvent.type(screen.getByLabelText("Username"), "admin");
    await userEvent.type(screen.getByLabelText("Password"), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByText("Wrong username or password.")).toBeInTheDocument();
    expect(calls.find((call) => call.operationName === "Login")?.variables).toEqual({
      username: "admin",
      password: "wrong password",
    });
  });

  it("tells a throttled admin how long to wait, in Chinese too", async () => {
    answerGraphQL({
      Login: {
        login: {
          __typename: "TooManyLoginAttemptsError",
          message: "too many",
          retryAfterSeconds: 42,
        },
      },
    });
    renderPage(<LoginPage />, { locale: "zh" });
    await userEvent.type(screen.getByLabelText("用户名"), "admin");
    await userEvent.type(screen.getByLabelText("密码"), "x");
    await userEvent.click(screen.getByRole("button", { name: "登录" }));
    expect(await screen.findByText("失败次数过多，请 42 秒后再试。")).toBeInTheDocument();
  });
});

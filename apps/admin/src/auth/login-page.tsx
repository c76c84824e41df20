import { type FormEvent, useState } from "react";
import { graphql } from "../graphql/graphql.ts";
import { useGraphQLMutation } from "../graphql/hooks.ts";
import { useMessages } from "../i18n/messages.ts";
import { LanguageSwitch } from "../shell/language-switch.tsx";
import { Button } from "../ui/button.tsx";
import { commonMessages } from "../ui/common-messages.ts";
import { TextField } from "../ui/field.tsx";
import { Notice } from "../ui/notice.tsx";
import { errorText } from "../ui/states.tsx";
import { authMessages } from "./auth-messages.ts";

const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      __typename
      ... on LoginPayload {
        admin {
          id
          username
        }
      }
      ... on TooManyLoginAttemptsError {
        retryAfterSeconds
      }
      ... on Error {
        message
      }
    }
  }
`);

export function LoginPage() {
  const t = useMessages(authMessages);
  const common = useMessages(commonMessages);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useGraphQLMutation(LoginMutation, { invalidates: ["Session"] });
  const result = login.data?.login;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password });
  };

  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <div>
            <p className="auth-product">{t.product}</p>
            <p className="auth-tagline">{t.tagline}</p>
          </div>
        </div>
        <h1>{t.loginTitle}</h1>
        <form onSubmit={submit} noValidate>
          <TextField
            label={t.username}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
            autoFocus
          />
          <TextField
            label={t.password}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
          {result?.__typename === "InvalidCredentialsError" && (
            <Notice tone="danger">{t.invalid}</Notice>
          )}
          {result?.__typename === "TooManyLoginAttemptsError" && (
            <Notice tone="danger">{t.throttled(result.retryAfterSeconds)}</Notice>
          )}
          {login.isError && (
            <Notice tone="danger">{errorText(login.error, common.unreachable)}</Notice>
          )}
          <Button type="submit" variant="primary" busy={login.isPending} className="btn-block">
            {t.logIn}
          </Button>
        </form>
        <div className="auth-footer">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}

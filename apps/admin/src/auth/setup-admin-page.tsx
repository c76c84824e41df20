import { type FormEvent, useState } from "react";
import { ValidationIssuesFields } from "../graphql/fragments.ts";
import { graphql } from "../graphql/graphql.ts";
import { useGraphQLMutation } from "../graphql/hooks.ts";
import { useMessages } from "../i18n/messages.ts";
import { LanguageSwitch } from "../shell/language-switch.tsx";
import { Button } from "../ui/button.tsx";
import { commonMessages } from "../ui/common-messages.ts";
import { TextField } from "../ui/field.tsx";
import { Notice, ProblemNotice } from "../ui/notice.tsx";
import { errorText } from "../ui/states.tsx";
import { authMessages } from "./auth-messages.ts";

const SetupMutation = graphql(
  `
  mutation SetupAdmin($username: String!, $password: String!) {
    setup(username: $username, password: $password) {
      __typename
      ... on LoginPayload {
        admin {
          id
        }
      }
      ...ValidationIssuesFields
      ... on Error {
        message
      }
    }
  }
`,
  [ValidationIssuesFields],
);

/** First run: no admin exists, so the first visitor creates one (the service refuses a second). */
export function SetupAdminPage() {
  const t = useMessages(authMessages);
  const common = useMessages(commonMessages);
  const [username, setUsername] = useState("admin");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [touched, setTouched] = useState(false);
  const setup = useGraphQLMutation(SetupMutation, { invalidates: ["Session"] });
  const result = setup.data?.setup;
  const differ = touched && repeat !== password;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (repeat !== password) return;
    setup.mutate({ username, password });
  };

  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>{t.setupTitle}</h1>
        <p>{t.setupIntro}</p>
        <form onSubmit={submit} noValidate>
          <TextField
            label={t.username}
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
          <TextField
            label={t.password}
            type="password"
            autoComplete="new-password"
            hint={t.passwordHint}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <TextField
            label={t.confirmPassword}
            type="password"
            autoComplete="new-password"
            value={repeat}
            error={differ ? t.passwordsDiffer : undefined}
            onChange={(event) => setRepeat(event.target.value)}
          />
          {result && result.__typename !== "LoginPayload" && <ProblemNotice error={result} />}
          {setup.isError && (
            <Notice tone="danger">{errorText(setup.error, common.unreachable)}</Notice>
          )}
          <Button type="submit" variant="primary" busy={setup.isPending} className="btn-block">
            {t.createAdmin}
          </Button>
        </form>
        <div className="auth-footer">
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}

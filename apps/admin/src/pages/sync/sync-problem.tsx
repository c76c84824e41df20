import type { ReactNode } from "react";
import { Link } from "react-router";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { Notice, ProblemNotice } from "../../ui/notice.tsx";
import type { SyncProblem as Problem } from "./sync-documents.ts";
import { syncMessages } from "./sync-messages.ts";

const KNOWN_RULES = ["fieldRelationsMissing", "groupsNotSynced", "emptySource"] as const;
type KnownRule = (typeof KNOWN_RULES)[number];

/**
 * Why a sync did not start, in the admin's words, with the way to fix it: the page where it is
 * fixed, or the action that fixes it (preview the groups first; follow the run already active).
 * The service's own message follows, since it names the provider and the detail.
 */
export function SyncProblem({
  problem,
  providerId,
  onPreviewGroups,
  onFollowRun,
}: {
  problem: Problem;
  providerId: string;
  onPreviewGroups(): void;
  onFollowRun(runId: string): void;
}) {
  const t = useMessages(syncMessages);
  let title: string;
  let body: string | undefined;
  let fix: ReactNode;
  switch (problem.__typename) {
    case "SafetyError": {
      const rule = (KNOWN_RULES as readonly string[]).includes(problem.rule)
        ? (problem.rule as KnownRule)
        : undefined;
      title = rule ? t[`rule_${rule}`] : t.ruleOther;
      body = rule ? t[`ruleBody_${rule}`] : undefined;
      if (rule === "fieldRelationsMissing") {
        fix = (
          <Link className="btn btn-primary" to="/field-relations">
            {t.ruleFix_fieldRelationsMissing}
          </Link>
        );
      } else if (rule === "groupsNotSynced") {
        fix = (
          <Button variant="primary" onClick={onPreviewGroups}>
            {t.ruleFix_groupsNotSynced}
          </Button>
        );
      } else if (rule === "emptySource") {
        fix = (
          <Link className="btn btn-primary" to="/">
            {t.ruleFix_emptySource}
          </Link>
        );
      }
      break;
    }
    case "RunAlreadyActiveError": {
      title = t.activeTitle;
      body = t.activeBody;
      const activeRunId = problem.activeRunId;
      fix = activeRunId ? (
        <>
          <Button variant="primary" onClick={() => onFollowRun(activeRunId)}>
            {t.followActive}
          </Button>
          <Link className="btn btn-secondary" to={`/runs/${activeRunId}`}>
            {t.openActive}
          </Link>
        </>
      ) : undefined;
      break;
    }
    case "DirectoryNotConfiguredError":
      title = t.directoryTitle;
      body = t.directoryBody;
      fix = (
        <Link className="btn btn-primary" to="/settings">
          {t.openSettings}
        </Link>
      );
      break;
    case "ValidationError":
      return (
        <div className="stack" data-problem={problem.__typename}>
          <ProblemNotice error={problem} />
          <div>
            <Link className="btn btn-secondary" to={`/providers/${providerId}`}>
              {t.providerProblem}
            </Link>
          </div>
        </div>
      );
    default:
      title = t.requestFailed;
  }
  return (
    <div data-problem={problem.__typename}>
      <Notice tone="danger" title={title}>
        {body && <p>{body}</p>}
        <p className="sync-problem-detail">{problem.message}</p>
        {fix && <div className="row sync-problem-fix">{fix}</div>}
      </Notice>
    </div>
  );
}

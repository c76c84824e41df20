import { keepPreviousData } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useState } from "react";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { Notice } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import type { Issue, RelationSet } from "./draft.ts";
import { fieldRelationsMessages } from "./messages.ts";
import { type FieldRelationPreview, FieldRelationsPreviewQuery } from "./operations.ts";

/** Quiet time after the last keystroke before the preview reads the IM again. */
export const PREVIEW_DEBOUNCE_MS = 600;
const SAMPLE_SIZES = [5, 10, 20, 50] as const;

/**
 * The preview of the current draft: re-read after the admin pauses typing, or at once with the
 * Preview button. A draft with unfinished rows is not sent (the service would only refuse it);
 * the last preview stays on screen meanwhile.
 */
export function useFieldRelationsPreview(providerId: string, draft: RelationSet, blocked: boolean) {
  const [requested, setRequested] = useState<RelationSet | null>(blocked ? null : draft);
  const [sample, setSample] = useState<number>(SAMPLE_SIZES[0]);
  const draftKey = JSON.stringify(draft);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `draftKey` stands for `draft`, whose identity changes on every render.
  useEffect(() => {
    if (blocked) return;
    const timer = setTimeout(() => setRequested(draft), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draftKey, blocked]);

  const query = useGraphQLQuery(
    FieldRelationsPreviewQuery,
    { providerId, draft: requested, sample },
    { enabled: requested !== null, placeholderData: keepPreviousData, retry: false },
  );

  /** The Preview button: now, with the draft as it is. False when the draft cannot be sent. */
  const run = (): boolean => {
    if (blocked) return false;
    if (JSON.stringify(requested) === draftKey) void query.refetch();
    else setRequested(draft);
    return true;
  };

  const result = query.data?.previewFieldRelations;
  const issues: Issue[] = result?.__typename === "ValidationError" ? result.issues : [];
  const current = requested !== null && JSON.stringify(requested) === draftKey;
  return { query, result, issues, sample, setSample, run, blocked, current };
}

export type PreviewState = ReturnType<typeof useFieldRelationsPreview>;

export function PreviewPanel({
  preview,
  unplacedIssues,
}: {
  preview: PreviewState;
  /** Issues of the draft that name no row (the rows show theirs). */
  unplacedIssues: readonly Issue[];
}) {
  const t = useMessages(fieldRelationsMessages);
  const sampleId = useId();
  const { query, result } = preview;
  const updating = query.isFetching || (!preview.current && !preview.blocked);

  let body: ReactNode;
  if (query.isError) {
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  } else if (!result) {
    body = preview.blocked ? null : <Loading label={t.previewUpdating} />;
  } else if (result.__typename === "FieldRelationPreview") {
    body = <PreviewTables preview={result} />;
  } else if (result.__typename === "ValidationError") {
    body = (
      <Notice tone="warning" title={t.previewInvalid}>
        {unplacedIssues.length > 0 && (
          <ul className="issue-list">
            {unplacedIssues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                <code>{issue.path}</code> — {issue.message}
              </li>
            ))}
          </ul>
        )}
      </Notice>
    );
  } else {
    body = <Notice tone="danger">{result.message}</Notice>;
  }

  return (
    <Card
      className="preview-card"
      title={t.previewTitle}
      actions={
        <>
          <label className="inline-select" htmlFor={sampleId}>
            <span>{t.sampleSize}</span>
            <select
              id={sampleId}
              value={preview.sample}
              onChange={(event) => preview.setSample(Number(event.target.value))}
            >
              {SAMPLE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
          <Button
            variant="secondary"
            busy={query.isFetching}
            onClick={() => preview.run()}
            disabled={preview.blocked}
          >
            {t.previewButton}
          </Button>
        </>
      }
    >
      <p className="muted">{t.previewIntro}</p>
      <div aria-live="polite" className="preview-status">
        {preview.blocked ? (
          <Notice tone="info">{t.previewPaused}</Notice>
        ) : (
          updating &&
          result && (
            <p className="muted row">
              <span className="spinner" aria-hidden="true" /> {t.previewUpdating}
            </p>
          )
        )}
      </div>
      <div className={updating || preview.blocked ? "preview-body preview-stale" : "preview-body"}>
        {body}
      </div>
    </Card>
  );
}

function PreviewTables({ preview }: { preview: FieldRelationPreview }) {
  const t = useMessages(fieldRelationsMessages);
  return (
    <div className="stack">
      {preview.note && <Notice tone="info">{preview.note}</Notice>}
      <SampleTable
        title={t.sampleGroups}
        empty={t.noSampleGroups}
        sourceColumn={t.colDepartment}
        nameColumn={t.colGroupName}
        rows={preview.groups}
        nameOf={(group) => group.name}
      />
      <SampleTable
        title={t.sampleUsers}
        empty={t.noSampleUsers}
        sourceColumn={t.colPerson}
        nameColumn={t.colUsername}
        nameClassName="mono"
        rows={preview.users}
        nameOf={(user) => user.username}
      />
    </div>
  );
}

/** A previewed group or user: where it comes from and what the relations made of it. */
interface SampleRow {
  sourceId: string;
  sourceName: string;
  dn: string;
  attributes: readonly { attribute: string; values: readonly string[] }[];
  problems: readonly string[];
}

/** One kind's sample in the preview: both kinds' tables differ only in their name column. */
function SampleTable<T extends SampleRow>({
  title,
  empty,
  sourceColumn,
  nameColumn,
  nameClassName,
  rows,
  nameOf,
}: {
  title: string;
  /** Shown instead of the table when the sample is empty. */
  empty: string;
  sourceColumn: string;
  nameColumn: string;
  nameClassName?: string;
  rows: readonly T[];
  nameOf(row: T): string;
}) {
  const t = useMessages(fieldRelationsMessages);
  return (
    <section className="stack preview-section" aria-label={title}>
      <div className="row">
        <h3>{title}</h3>
        <ProblemSummary items={rows} />
      </div>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table preview-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{sourceColumn}</th>
                <th scope="col">{nameColumn}</th>
                <th scope="col">{t.colDn}</th>
                <th scope="col">{t.colAttributes}</th>
                <th scope="col">{t.colProblems}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.sourceId}
                  className={row.problems.length > 0 ? "preview-problem" : undefined}
                >
                  <th scope="row" className="preview-source">
                    {row.sourceName}
                    <span className="preview-id">{row.sourceId}</span>
                  </th>
                  <td className={nameClassName}>{nameOf(row)}</td>
                  <td className="dn">{row.dn}</td>
                  <td>
                    <AttributeValues attributes={row.attributes} />
                  </td>
                  <td>
                    <Problems problems={row.problems} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ProblemSummary({ items }: { items: readonly { problems: readonly string[] }[] }) {
  const t = useMessages(fieldRelationsMessages);
  const withProblems = items.filter((item) => item.problems.length > 0).length;
  if (items.length === 0) return null;
  return withProblems > 0 ? (
    <Badge tone="warning">{t.withProblems(withProblems, items.length)}</Badge>
  ) : (
    <Badge tone="success">{t.allFine(items.length)}</Badge>
  );
}

function AttributeValues({
  attributes,
}: {
  attributes: readonly { attribute: string; values: readonly string[] }[];
}) {
  const t = useMessages(fieldRelationsMessages);
  if (attributes.length === 0) return <span className="muted">{t.noAttributeValues}</span>;
  return (
    <dl className="preview-attributes">
      {attributes.map(({ attribute, values }) => (
        <div key={attribute}>
          <dt>{attribute}</dt>
          <dd>
            {values.map((value, index) => (
              // Values of one attribute may repeat; their position is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above.
              <span key={index} className="preview-value">
                {value}
              </span>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Problems({ problems }: { problems: readonly string[] }) {
  const t = useMessages(fieldRelationsMessages);
  if (problems.length === 0) return <span className="muted">{t.noProblems}</span>;
  return (
    <ul className="preview-problems">
      {problems.map((problem) => (
        <li key={problem}>
          <span aria-hidden="true">⚠ </span>
          {problem}
        </li>
      ))}
    </ul>
  );
}

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { request } from "../../graphql/client.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { Notice } from "../../ui/notice.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import { type CategoryGroup, describeCategory, groupByCategory } from "./error-categories.ts";
import { type RunItem, RunItemsQuery } from "./run-documents.ts";
import { runMessages } from "./run-messages.ts";
import type { OperationCount } from "./run-model.ts";

const PAGE = 1000;
/** Enough to see every cause; past it the CSV has them all. */
const MAX_GROUPED = 5000;
/** Objects listed per category before "Show all". */
const SHOWN = 10;

/** A run's failed, then skipped, objects (up to `MAX_GROUPED`): the ones with an error category. */
async function fetchProblemItems(runId: string, signal: AbortSignal): Promise<RunItem[]> {
  const items: RunItem[] = [];
  for (const outcome of ["failed", "skipped"] as const) {
    let after: string | undefined;
    do {
      const page = await request(
        RunItemsQuery,
        { id: runId, outcome, first: PAGE, ...(after ? { after } : {}) },
        { signal },
      );
      items.push(...(page.run?.items.nodes ?? []));
      after = page.run?.items.endCursor ?? undefined;
      if (items.length >= MAX_GROUPED) return items.slice(0, MAX_GROUPED);
    } while (after);
  }
  return items;
}

function CategorySection({
  group,
  onOpen,
}: {
  group: CategoryGroup<RunItem>;
  onOpen(item: RunItem): void;
}) {
  const t = useMessages(runMessages);
  const headingId = useId();
  const [all, setAll] = useState(false);
  const text = describeCategory(t, group.category);
  const shown = all ? group.items : group.items.slice(0, SHOWN);
  return (
    <section className="run-error-group" aria-labelledby={headingId} data-category={group.category}>
      <header className="run-error-group-header">
        <h3 id={headingId}>{text.title}</h3>
        <Badge tone={group.category === "cancelled" ? "neutral" : "danger"}>
          {t.categoryCount(group.items.length)}
        </Badge>
        <code className="muted">{group.category}</code>
      </header>
      <div className="run-category-help">
        <p>
          <strong>{t.why}:</strong> {text.why}
        </p>
        <p>
          <strong>{t.fix}:</strong> {text.fix}{" "}
          {text.fixPath && <Link to={text.fixPath}>{t.openFixPage}</Link>}
        </p>
      </div>
      <ul className="run-error-items">
        {shown.map((item) => (
          <li key={item.seq}>
            <button
              type="button"
              className="run-link-button dn"
              aria-label={t.openItemError(item.dn)}
              onClick={() => onOpen(item)}
            >
              {item.dn}
            </button>
            <span className="muted"> · {t[`op_${item.op}`]}</span>
            {item.message && <p className="run-error-item-message">{item.message}</p>}
          </li>
        ))}
      </ul>
      {group.items.length > SHOWN && (
        <div>
          <Button variant="ghost" className="btn-small" onClick={() => setAll(!all)}>
            {all ? t.showFewer : t.showAllInCategory(group.items.length)}
          </Button>
        </div>
      )}
    </section>
  );
}

/**
 * A run's errors grouped by category, the largest first: how many, what it means, how to fix
 * it (with the page where that is done), and the objects with their messages.
 */
export function RunErrors({
  runId,
  counts,
  onOpen,
}: {
  runId: string;
  counts: readonly OperationCount[];
  onOpen(item: RunItem): void;
}) {
  const t = useMessages(runMessages);
  const problems = counts
    .filter((row) => row.outcome === "failed" || row.outcome === "skipped")
    .reduce((sum, row) => sum + row.count, 0);
  const query = useQuery({
    queryKey: ["RunErrorItems", { id: runId, problems }],
    queryFn: ({ signal }) => fetchProblemItems(runId, signal),
    enabled: problems > 0,
  });
  if (problems === 0) return <EmptyState title={t.noErrors} />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const groups = groupByCategory(query.data);
  return (
    <div className="stack">
      {query.data.length < problems && (
        <Notice tone="info">{t.errorsPartial(query.data.length)}</Notice>
      )}
      {groups.map((group) => (
        <CategorySection key={group.category} group={group} onOpen={onOpen} />
      ))}
    </div>
  );
}

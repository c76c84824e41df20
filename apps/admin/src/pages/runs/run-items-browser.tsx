import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { request } from "../../graphql/client.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { SelectField, TextField } from "../../ui/field.tsx";
import { EmptyState, ErrorState, Loading } from "../../ui/states.tsx";
import { RunItemsQuery } from "./run-documents.ts";
import { RunItemsTable } from "./run-items-table.tsx";
import { runMessages } from "./run-messages.ts";
import {
  DESTRUCTIVE_OPS,
  ITEM_OUTCOMES,
  type ItemOutcome,
  OPERATION_TYPES,
  type OperationCount,
  type OperationType,
} from "./run-model.ts";
import "./runs.css";

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;

export interface ItemFilter {
  op?: OperationType | undefined;
  outcome?: ItemOutcome | undefined;
  search?: string | undefined;
}

/** A run's items, page by page, filtered on the service (a large plan is never all loaded). */
export function useRunItems(runId: string, filter: ItemFilter, pageSize = PAGE_SIZE) {
  const variables = {
    id: runId,
    first: pageSize,
    ...(filter.op ? { op: filter.op } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.search ? { search: filter.search } : {}),
  };
  return useInfiniteQuery({
    queryKey: ["RunItems", variables],
    queryFn: ({ pageParam, signal }) =>
      request(RunItemsQuery, pageParam ? { ...variables, after: pageParam } : variables, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.run?.items.endCursor ?? undefined,
  });
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** How many objects the filter matches, from the run's counts; unknown while searching. */
function matching(counts: readonly OperationCount[], op?: string, outcome?: string): number {
  return counts
    .filter((row) => (!op || row.op === op) && (!outcome || row.outcome === outcome))
    .reduce((sum, row) => sum + row.count, 0);
}

/**
 * A plan's or a run's objects with their diffs: the counts per operation as filter chips, an
 * outcome filter (for applied runs), a DN/anchor search and "Load more" paging — all done by
 * the service, so the numbers stay right for plans of any size.
 */
export function RunItemsBrowser({
  runId,
  counts,
  showOutcome,
}: {
  runId: string;
  counts: readonly OperationCount[];
  /** An applied run: show each object's outcome and filter by it. */
  showOutcome: boolean;
}) {
  const t = useMessages(runMessages);
  const format = useFormat();
  const [op, setOp] = useState<OperationType | undefined>();
  const [outcome, setOutcome] = useState<ItemOutcome | undefined>();
  const [searchText, setSearchText] = useState("");
  const search = useDebounced(searchText.trim(), SEARCH_DELAY_MS);
  const query = useRunItems(runId, { op, outcome, search });

  const chips = useMemo(
    () =>
      OPERATION_TYPES.map((type) => ({ op: type, count: matching(counts, type, outcome) })).filter(
        (chip) => chip.count > 0 || chip.op === op,
      ),
    [counts, outcome, op],
  );
  const outcomes = useMemo(
    () =>
      ITEM_OUTCOMES.filter((value) => matching(counts, undefined, value) > 0 || value === outcome),
    [counts, outcome],
  );
  const items = query.data?.pages.flatMap((page) => page.run?.items.nodes ?? []) ?? [];
  const total = search ? undefined : matching(counts, op, outcome);
  const filtered = Boolean(op || outcome || search);

  return (
    <div className="stack run-items-browser">
      <div className="toolbar">
        <fieldset className="run-chips-field">
          <legend className="run-chips-label">{t.filterByOp}</legend>
          <div className="run-chips">
            <button
              type="button"
              className="run-chip"
              aria-pressed={op === undefined}
              onClick={() => setOp(undefined)}
            >
              {t.allOps}{" "}
              <span className="run-chip-count">
                {format.number(matching(counts, undefined, outcome))}
              </span>
            </button>
            {chips.map((chip) => (
              <button
                key={chip.op}
                type="button"
                className={
                  DESTRUCTIVE_OPS.includes(chip.op) ? "run-chip run-chip-danger" : "run-chip"
                }
                aria-pressed={op === chip.op}
                onClick={() => setOp(op === chip.op ? undefined : chip.op)}
              >
                {t[`op_${chip.op}`]}{" "}
                <span className="run-chip-count">{format.number(chip.count)}</span>
              </button>
            ))}
          </div>
        </fieldset>
      </div>
      <div className="toolbar">
        <div className="run-items-search">
          <TextField
            label={t.searchItems}
            hint={t.searchHint}
            type="search"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </div>
        {showOutcome && (
          <SelectField
            label={t.outcomeFilter}
            value={outcome ?? ""}
            onChange={(event) =>
              setOutcome((event.target.value || undefined) as ItemOutcome | undefined)
            }
          >
            <option value="">{t.anyOutcome}</option>
            {outcomes.map((value) => (
              <option key={value} value={value}>
                {t[`outcome_${value}`]} ({format.number(matching(counts, undefined, value))})
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? t.noItems : t.noItemsInPlan} />
      ) : (
        <>
          <RunItemsTable items={items} showOutcome={showOutcome} />
          <div className="row run-list-footer">
            <span className="muted" aria-live="polite">
              {t.showingItems(
                format.number(items.length),
                total === undefined ? undefined : format.number(total),
              )}
            </span>
            {query.hasNextPage && (
              <Button busy={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
                {t.loadMore}
              </Button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

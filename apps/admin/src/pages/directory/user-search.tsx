import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/field.tsx";
import { ProblemNotice } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { DirectoryUnavailableState } from "./directory-unavailable.tsx";
import { directoryMessages } from "./messages.ts";
import { DirectoryUserSearchQuery, SEARCH_LIMIT } from "./queries.ts";
import { useDebouncedValue } from "./use-debounced-value.ts";
import { UserTable } from "./user-table.tsx";

/** How long typing must pause before the directory is searched. */
const SEARCH_DELAY_MS = 300;

export function UserSearchField({
  value,
  onChange,
}: {
  value: string;
  onChange(value: string): void;
}) {
  const t = useMessages(directoryMessages);
  return (
    <div className="toolbar user-search">
      <TextField
        label={t.searchLabel}
        hint={t.searchHint}
        type="search"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onChange("");
        }}
      />
      {value !== "" && (
        <Button variant="ghost" onClick={() => onChange("")}>
          {t.clearSearch}
        </Button>
      )}
    </div>
  );
}

/** The users matching the search text once typing pauses; nothing while it is empty. */
export function UserSearchResults({
  providerId,
  text,
  onOpen,
}: {
  providerId: string;
  text: string;
  onOpen(dn: string): void;
}) {
  const query = useDebouncedValue(text.trim(), SEARCH_DELAY_MS);
  if (query === "" || text.trim() === "") return null;
  return <Results providerId={providerId} query={query} onOpen={onOpen} />;
}

function Results({
  providerId,
  query,
  onOpen,
}: {
  providerId: string;
  query: string;
  onOpen(dn: string): void;
}) {
  const t = useMessages(directoryMessages);
  const search = useGraphQLQuery(
    DirectoryUserSearchQuery,
    { providerId, query, first: SEARCH_LIMIT },
    // Keep the last results on screen while the next ones load: no flicker per key.
    { placeholderData: (previous) => previous },
  );
  const result = search.data?.directoryUsers;
  return (
    <Card title={t.searchTitle(query)}>
      {search.isPending && <Loading label={t.searching} />}
      {search.isError && <ErrorState error={search.error} onRetry={() => search.refetch()} />}
      {result?.__typename === "DirectoryUnavailableError" && (
        <DirectoryUnavailableState
          error={result}
          onRetry={() => search.refetch()}
          retrying={search.isFetching}
        />
      )}
      {result &&
        result.__typename !== "DirectoryUserSearch" &&
        result.__typename !== "DirectoryUnavailableError" && <ProblemNotice error={result} />}
      {result?.__typename === "DirectoryUserSearch" &&
        (result.nodes.length === 0 ? (
          <p className="muted" role="status">
            {t.searchEmpty(query)}
          </p>
        ) : (
          <>
            <p className="muted" role="status">
              {t.searchCount(result.nodes.length, result.totalCount)}
            </p>
            <UserTable users={result.nodes} caption={t.searchTitle(query)} onOpen={onOpen} />
          </>
        ))}
    </Card>
  );
}

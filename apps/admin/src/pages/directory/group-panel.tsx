import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { Notice, ProblemNotice } from "../../ui/notice.tsx";
import { Card } from "../../ui/page.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { DirectoryUnavailableState } from "./directory-unavailable.tsx";
import { directoryMessages } from "./messages.ts";
import { ROOT, useDirectoryLevel } from "./queries.ts";
import { UserTable } from "./user-table.tsx";

/** The selected department: where it is, its anchor and counts, and its members. */
export function GroupPanel({
  providerId,
  dn,
  onOpenEntry,
}: {
  providerId: string;
  /** A department's DN, or `ROOT` for the provider's group root. */
  dn: string;
  onOpenEntry(dn: string): void;
}) {
  const t = useMessages(directoryMessages);
  const { query, level, problem, users, moreUsers } = useDirectoryLevel(providerId, dn);
  if (query.isPending) {
    return (
      <Card>
        <Loading />
      </Card>
    );
  }
  if (query.isError) {
    return (
      <Card>
        <ErrorState error={query.error} onRetry={() => query.refetch()} />
      </Card>
    );
  }
  if (problem || !level) {
    return (
      <Card>
        {problem?.__typename === "NotFoundError" ? (
          <Notice tone="warning">{t.groupGone}</Notice>
        ) : problem?.__typename === "DirectoryUnavailableError" ? (
          <DirectoryUnavailableState
            error={problem}
            onRetry={() => query.refetch()}
            retrying={query.isFetching}
          />
        ) : (
          problem && <ProblemNotice error={problem} />
        )}
      </Card>
    );
  }

  const isRoot = dn === ROOT;
  const { parent } = level;
  const name = parent.description || parent.name;
  const title = isRoot ? t.groupRootTitle : name;
  return (
    <Card
      title={title}
      actions={
        <Button className="btn-small" onClick={() => onOpenEntry(parent.dn)}>
          {t.showAttributes}
        </Button>
      }
    >
      {isRoot && <p className="muted">{t.groupRootHint}</p>}
      <dl className="facts">
        <div>
          <dt>{t.dn}</dt>
          <dd className="dn">{parent.dn}</dd>
        </div>
        {!isRoot && (
          <div>
            <dt>{t.anchor}</dt>
            <dd>
              {parent.anchor ? (
                <code className="anchor">{parent.anchor}</code>
              ) : (
                <span className="muted">{t.notAnchored}</span>
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>{t.childGroups}</dt>
          <dd className="num">{level.groups.totalCount}</dd>
        </div>
        {!isRoot && (
          <div>
            <dt>{t.members}</dt>
            <dd className="num">{level.users.totalCount}</dd>
          </div>
        )}
      </dl>
      {!isRoot && (
        <section className="stack" aria-label={t.membersCaption(name)}>
          <div className="row members-heading">
            <h3>{t.membersTitle}</h3>
            {level.users.totalCount > 0 && (
              <span className="muted">{t.membersShown(users.length, level.users.totalCount)}</span>
            )}
          </div>
          {users.length === 0 ? (
            <p className="muted">{t.noMembers}</p>
          ) : (
            <UserTable users={users} caption={t.membersCaption(name)} onOpen={onOpenEntry} />
          )}
          {moreUsers && (
            <div>
              <Button busy={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
                {t.loadMoreMembers}
              </Button>
            </div>
          )}
        </section>
      )}
    </Card>
  );
}

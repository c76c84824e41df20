import { useEffect, useId, useRef, useState } from "react";
import { useGraphQLQuery } from "../../graphql/hooks.ts";
import { useFormat } from "../../i18n/format.ts";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { Button } from "../../ui/button.tsx";
import { Notice, ProblemNotice } from "../../ui/notice.tsx";
import { ErrorState, Loading } from "../../ui/states.tsx";
import { DirectoryUnavailableState } from "./directory-unavailable.tsx";
import { type DirectoryMessages, directoryMessages } from "./messages.ts";
import { DirectoryEntryDetailsQuery, type DirectoryEntryView } from "./queries.ts";

/** Values shown of a many-valued attribute (a big department's members) before "Show all". */
const VALUES_SHOWN = 8;

/**
 * One entry's attributes and its source anchor, read from the directory when opened. Focus
 * moves to the panel's heading so keyboard and screen reader users land on what they opened.
 */
export function EntryPanel({
  providerId,
  dn,
  onClose,
}: {
  providerId: string;
  dn: string;
  onClose(): void;
}) {
  const t = useMessages(directoryMessages);
  const query = useGraphQLQuery(DirectoryEntryDetailsQuery, { providerId, dn });
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus follows the entry opened, i.e. the DN.
  useEffect(() => {
    headingRef.current?.focus();
  }, [dn]);

  const result = query.data?.directoryEntry;
  return (
    <section className="card entry-panel" aria-labelledby={headingId}>
      <header className="card-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {t.entryTitle}
        </h2>
        <div className="card-actions">
          <Button className="btn-small" onClick={onClose}>
            {t.closeEntry}
          </Button>
        </div>
      </header>
      <p className="dn">{dn}</p>
      {query.isPending && <Loading />}
      {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
      {result?.__typename === "DirectoryEntry" && <EntryDetails entry={result} />}
      {result?.__typename === "NotFoundError" && <Notice tone="warning">{t.entryGone}</Notice>}
      {result?.__typename === "DirectoryUnavailableError" && (
        <DirectoryUnavailableState
          error={result}
          onRetry={() => query.refetch()}
          retrying={query.isFetching}
        />
      )}
      {result &&
        result.__typename !== "DirectoryEntry" &&
        result.__typename !== "NotFoundError" &&
        result.__typename !== "DirectoryUnavailableError" && <ProblemNotice error={result} />}
    </section>
  );
}

function EntryDetails({ entry }: { entry: DirectoryEntryView }) {
  const t = useMessages(directoryMessages);
  const format = useFormat();
  return (
    <>
      <div className="row">
        <Badge tone="info">{t[`kind_${entry.kind}`]}</Badge>
        {entry.managed ? <Badge tone="success">{t.managed}</Badge> : <Badge>{t.unmanaged}</Badge>}
        {entry.disabled && <Badge tone="danger">{t.disabled}</Badge>}
      </div>
      <dl className="facts">
        <div>
          <dt>{t.anchor}</dt>
          <dd>
            <AnchorView anchor={entry.anchor} t={t} />
          </dd>
        </div>
        <div>
          <dt>{t.objectClasses}</dt>
          <dd className="chips">
            {entry.objectClasses.map((name) => (
              <code key={name}>{name}</code>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t.created}</dt>
          <dd>{format.dateTime(entry.createdAt)}</dd>
        </div>
        <div>
          <dt>{t.modified}</dt>
          <dd>{format.dateTime(entry.modifiedAt)}</dd>
        </div>
        {entry.uuid && (
          <div>
            <dt>{t.uuid}</dt>
            <dd>
              <code>{entry.uuid}</code>
            </dd>
          </div>
        )}
      </dl>
      <h3>{t.attributes}</h3>
      <AttributeTable entry={entry} />
    </>
  );
}

/** `feishu:od-42` and what it means: the provider's flag and the IM's immutable id. */
function AnchorView({ anchor, t }: { anchor: string | null; t: DirectoryMessages }) {
  if (!anchor) {
    return (
      <>
        <span>{t.notAnchored}</span>
        <span className="muted"> — {t.notAnchoredHint}</span>
      </>
    );
  }
  const colon = anchor.indexOf(":");
  return (
    <>
      <code className="anchor">{anchor}</code>
      {colon > 0 && (
        <span className="muted">
          {" "}
          ({t.sourceFlag} <code>{anchor.slice(0, colon)}</code>, {t.sourceId}{" "}
          <code>{anchor.slice(colon + 1)}</code>)
        </span>
      )}
    </>
  );
}

function AttributeTable({ entry }: { entry: DirectoryEntryView }) {
  const t = useMessages(directoryMessages);
  const empty =
    entry.attributes.length + entry.secretAttributes.length + entry.binaryAttributes.length === 0;
  if (empty) return <p className="muted">{t.noAttributes}</p>;
  return (
    <div className="table-wrap">
      <table className="table attribute-table">
        <caption className="visually-hidden">{t.attributesCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colAttribute}</th>
            <th scope="col">{t.colValues}</th>
          </tr>
        </thead>
        <tbody>
          {entry.attributes.map(({ attribute, values }) => (
            <tr key={attribute}>
              <th scope="row">
                <code>{attribute}</code>
              </th>
              <td>
                <Values values={values} />
              </td>
            </tr>
          ))}
          {entry.secretAttributes.map((attribute) => (
            <tr key={attribute}>
              <th scope="row">
                <code>{attribute}</code>
              </th>
              <td>
                <Badge tone="warning">{t.secretSet}</Badge>
              </td>
            </tr>
          ))}
          {entry.binaryAttributes.map((attribute) => (
            <tr key={attribute}>
              <th scope="row">
                <code>{attribute}</code>
              </th>
              <td className="muted">{t.binaryValue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Values({ values }: { values: readonly string[] }) {
  const t = useMessages(directoryMessages);
  const [all, setAll] = useState(false);
  const shown = all ? values : values.slice(0, VALUES_SHOWN);
  return (
    <>
      <ul className="values">
        {shown.map((value, index) => (
          // Values of one attribute are distinct in LDAP; the index only guards odd servers.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above.
          <li key={`${index}:${value}`}>{value}</li>
        ))}
      </ul>
      {values.length > VALUES_SHOWN && (
        <Button className="btn-small" variant="ghost" onClick={() => setAll(!all)}>
          {all ? t.showFewerValues : t.showAllValues(values.length)}
        </Button>
      )}
    </>
  );
}

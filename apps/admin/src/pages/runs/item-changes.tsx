import { useMessages } from "../../i18n/messages.ts";
import { runMessages } from "./run-messages.ts";
import { pseudoAttribute } from "./run-model.ts";

export interface AttributeChangeView {
  attribute: string;
  old: readonly string[];
  new: readonly string[];
}

function Values({ values, className }: { values: readonly string[]; className: string }) {
  const t = useMessages(runMessages);
  if (values.length === 0) return <span className="muted">{t.absent}</span>;
  return (
    <ul className="run-diff-values">
      {values.map((value) => (
        // An LDAP attribute's values are a set: a value is its own key.
        <li key={value} className={className}>
          {value}
        </li>
      ))}
    </ul>
  );
}

/**
 * An object's attribute diff, old → new. The run log writes what is not an attribute as a
 * pseudo-attribute: `(dn)` for a move, `(members)` removed → added for memberships, `(state)`
 * for enable/disable/delete; they read as such here.
 */
export function ItemChanges({ changes }: { changes: readonly AttributeChangeView[] }) {
  const t = useMessages(runMessages);
  if (changes.length === 0) return <p className="muted">{t.noChanges}</p>;
  return (
    <table className="run-diff-table">
      <thead>
        <tr>
          <th scope="col">{t.attribute}</th>
          <th scope="col">{t.before}</th>
          <th scope="col">{t.after}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => {
          const pseudo = pseudoAttribute(change.attribute);
          const name = pseudo ? t[`pseudo_${pseudo}`] : change.attribute;
          if (pseudo === "members") {
            return (
              <tr key={change.attribute}>
                <th scope="row">{name}</th>
                <td>
                  <span className="run-diff-label">− {t.membersRemoved}</span>
                  <Values values={change.old} className="diff-old" />
                </td>
                <td>
                  <span className="run-diff-label">+ {t.membersAdded}</span>
                  <Values values={change.new} className="diff-new" />
                </td>
              </tr>
            );
          }
          return (
            <tr key={change.attribute}>
              <th scope="row" className={pseudo ? undefined : "mono"}>
                {name}
              </th>
              <td>
                <Values values={change.old} className="diff-old" />
              </td>
              <td>
                <Values values={change.new} className="diff-new" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import { directoryMessages } from "./messages.ts";
import type { DirectoryUserRow } from "./queries.ts";

/**
 * People as the directory holds them: a group's members or search results. The username opens
 * the entry's attributes.
 */
export function UserTable({
  users,
  caption,
  onOpen,
}: {
  users: readonly DirectoryUserRow[];
  caption: string;
  onOpen(dn: string): void;
}) {
  const t = useMessages(directoryMessages);
  return (
    <div className="table-wrap">
      <table className="table user-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colUsername}</th>
            <th scope="col">{t.colDisplayName}</th>
            <th scope="col">{t.colMail}</th>
            <th scope="col">{t.colStatus}</th>
            <th scope="col">{t.colAnchor}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.dn}>
              <td className="nowrap">
                <button
                  type="button"
                  className="link-button"
                  title={t.openEntry(user.username)}
                  onClick={() => onOpen(user.dn)}
                >
                  {user.username}
                </button>
              </td>
              <td className="nowrap">{user.displayName ?? "—"}</td>
              <td>{user.mail ?? "—"}</td>
              <td>
                {user.disabled ? (
                  <Badge tone="danger">{t.disabled}</Badge>
                ) : (
                  <Badge tone="success">{t.active}</Badge>
                )}
              </td>
              <td className="anchor-cell" title={user.anchor ?? undefined}>
                {user.anchor ? (
                  <code>{user.anchor}</code>
                ) : (
                  <span className="muted">{t.notAnchored}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import {
  createContext,
  type KeyboardEvent,
  type MouseEvent,
  useContext,
  useId,
  useRef,
  useState,
} from "react";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { commonMessages } from "../../ui/common-messages.ts";
import { errorText } from "../../ui/states.tsx";
import { directoryMessages } from "./messages.ts";
import { ROOT, useDirectoryLevel } from "./queries.ts";

/**
 * The provider's departments as a tree (the WAI-ARIA tree view pattern): one tab stop, arrow
 * keys to move, Right/Left to expand and collapse, Enter to select. A department's children
 * are read from the directory only when it is first expanded.
 */

interface TreeNodeData {
  dn: string;
  /** The RDN value (often the pinyin of the department's name). */
  name: string;
  /** The department's name in the IM, when the relations put it in `description`. */
  description?: string | null;
  childCount: number;
  memberCount: number;
}

interface TreeState {
  providerId: string;
  expanded: ReadonlySet<string>;
  selected: string;
  /** The item that takes the tree's one tab stop. */
  active: string;
  setActive(dn: string): void;
  toggle(dn: string): void;
  select(dn: string): void;
  /** Arrow keys, Home/End, Enter/Space on a focused item. */
  onItemKeyDown(event: KeyboardEvent<HTMLElement>): void;
}

const TreeContext = createContext<TreeState | undefined>(undefined);

function useTree(): TreeState {
  const state = useContext(TreeContext);
  if (!state) throw new Error("a tree node needs its <GroupTree>");
  return state;
}

const ITEM = '[role="treeitem"]';

export function GroupTree({
  providerId,
  root,
  selected,
  onSelect,
}: {
  providerId: string;
  /** The group root as the first item; its children are the top-level departments. */
  root: TreeNodeData;
  selected: string;
  onSelect(dn: string): void;
}) {
  const t = useMessages(directoryMessages);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set([ROOT]));
  const [active, setActive] = useState(selected);
  const treeRef = useRef<HTMLDivElement>(null);

  const itemOf = (dn: string) =>
    [...(treeRef.current?.querySelectorAll<HTMLElement>(ITEM) ?? [])].find(
      (item) => item.dataset.dn === dn,
    );

  function toggle(dn: string) {
    if (expanded.has(dn)) {
      // Collapsing hides the item holding the tab stop: the stop moves up to the collapsed one.
      const item = itemOf(dn);
      const holder = itemOf(active);
      if (item && holder && item !== holder && item.contains(holder)) setActive(dn);
    }
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(dn)) next.delete(dn);
      else next.add(dn);
      return next;
    });
  }

  function select(dn: string) {
    setActive(dn);
    // Selecting a department also opens it: its children are what one looks for next.
    setExpanded((previous) => (previous.has(dn) ? previous : new Set(previous).add(dn)));
    onSelect(dn);
  }

  function onItemKeyDown(event: KeyboardEvent<HTMLElement>) {
    // Keys pressed inside a nested item are that item's.
    const item = event.currentTarget;
    const tree = treeRef.current;
    if (event.target !== item || !tree) return;
    const items = [...tree.querySelectorAll<HTMLElement>(ITEM)];
    const index = items.indexOf(item);
    const dn = item.dataset.dn ?? ROOT;
    const expandable = item.getAttribute("aria-expanded") !== null;
    const isOpen = item.getAttribute("aria-expanded") === "true";
    const focus = (target: HTMLElement | null | undefined) => {
      if (!target) return;
      setActive(target.dataset.dn ?? ROOT);
      target.focus();
    };
    switch (event.key) {
      case "ArrowDown":
        focus(items[index + 1]);
        break;
      case "ArrowUp":
        focus(items[index - 1]);
        break;
      case "Home":
        focus(items[0]);
        break;
      case "End":
        focus(items.at(-1));
        break;
      case "ArrowRight":
        if (expandable && !isOpen) toggle(dn);
        else if (isOpen)
          focus(item.querySelector<HTMLElement>(`:scope > [role="group"] > ${ITEM}`));
        break;
      case "ArrowLeft":
        if (isOpen) toggle(dn);
        else focus(item.parentElement?.closest<HTMLElement>(ITEM));
        break;
      case "Enter":
      case " ":
        select(dn);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const state: TreeState = {
    providerId,
    expanded,
    selected,
    active,
    setActive,
    toggle,
    select,
    onItemKeyDown,
  };

  return (
    <TreeContext.Provider value={state}>
      <div className="tree" role="tree" aria-label={t.treeLabel} ref={treeRef}>
        <TreeNode node={root} level={1} />
      </div>
    </TreeContext.Provider>
  );
}

function TreeNode({ node, level }: { node: TreeNodeData; level: number }) {
  const t = useMessages(directoryMessages);
  const tree = useTree();
  const labelId = useId();
  const expandable = node.childCount > 0;
  const isOpen = expandable && tree.expanded.has(node.dn);

  // Clicks inside a nested item belong to that item, not to this one.
  const own = (event: MouseEvent) =>
    (event.target as HTMLElement).closest(ITEM) === event.currentTarget;

  return (
    <div
      role="treeitem"
      className="tree-item"
      data-dn={node.dn}
      aria-level={level}
      aria-expanded={expandable ? isOpen : undefined}
      aria-selected={tree.selected === node.dn}
      aria-labelledby={labelId}
      tabIndex={tree.active === node.dn ? 0 : -1}
      onFocus={(event) => {
        if (event.target === event.currentTarget) tree.setActive(node.dn);
      }}
      onClick={(event) => {
        if (own(event)) tree.select(node.dn);
      }}
      onKeyDown={tree.onItemKeyDown}
    >
      <div className="tree-row" style={{ paddingInlineStart: `${(level - 1) * 16 + 4}px` }}>
        <span
          className="tree-toggle"
          aria-hidden="true"
          onClick={(event) => {
            event.stopPropagation();
            if (expandable) tree.toggle(node.dn);
          }}
        >
          {expandable ? (isOpen ? "▾" : "▸") : ""}
        </span>
        <span className="tree-label">
          <span id={labelId}>{node.description || node.name}</span>
          {node.description && node.description !== node.name && (
            <span className="tree-rdn"> {node.name}</span>
          )}
        </span>
        {node.memberCount > 0 && (
          <span className="tree-count" title={t.membersCount(node.memberCount)}>
            {node.memberCount}
          </span>
        )}
      </div>
      {isOpen && <TreeChildren parentDn={node.dn} level={level + 1} />}
    </div>
  );
}

function TreeChildren({ parentDn, level }: { parentDn: string; level: number }) {
  const t = useMessages(directoryMessages);
  const common = useMessages(commonMessages);
  const tree = useTree();
  const { query, problem, groups, moreGroups } = useDirectoryLevel(tree.providerId, parentDn);
  const indent = { paddingInlineStart: `${(level - 1) * 16 + 24}px` };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a treeitem's children are a role="group" in the WAI-ARIA tree view pattern, not a form fieldset.
    <div role="group" className="tree-group">
      {groups.map((group) => (
        <TreeNode key={group.dn} node={group} level={level} />
      ))}
      {query.isPending && (
        <div className="tree-note" style={indent}>
          <span className="spinner spinner-small" aria-hidden="true" /> {common.loading}
        </div>
      )}
      {query.isError && (
        <div className="tree-note tree-error" style={indent}>
          <span role="alert">{errorText(query.error, common.unreachable)}</span>{" "}
          <Button className="btn-small" onClick={() => query.refetch()}>
            {common.retry}
          </Button>
        </div>
      )}
      {problem && (
        <div className="tree-note tree-error" style={indent}>
          {problem.__typename === "NotFoundError" ? t.groupGone : problem.message}
        </div>
      )}
      {query.isSuccess && !problem && groups.length === 0 && (
        <div className="tree-note muted" style={indent}>
          {t.noChildren}
        </div>
      )}
      {moreGroups && (
        <div className="tree-note" style={indent}>
          <Button
            className="btn-small"
            variant="ghost"
            busy={query.isFetchingNextPage}
            onClick={() => query.fetchNextPage()}
          >
            {t.loadMoreGroups}
          </Button>
        </div>
      )}
    </div>
  );
}

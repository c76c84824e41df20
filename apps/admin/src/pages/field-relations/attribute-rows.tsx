import { useEffect, useId, useRef } from "react";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import { type AttributeRow, emptyAttributeRow, type Target, targets } from "./draft.ts";
import { ExpressionInput } from "./expression-targets.tsx";
import { fieldRelationsMessages } from "./messages.ts";

/** What a row shows under its inputs, by target (see `targets` in draft.ts). */
export type ProblemsOf = (target: Target) => readonly string[];

/**
 * The "directory attribute ← expression" list of one kind. Controlled: every change hands back
 * the new rows and the targets it touched, so the page can drop issues that described the old
 * text.
 */
export function AttributeRows({
  rows,
  onChange,
  problemsOf,
  onTouch,
  attributeListId,
  fieldListId,
}: {
  rows: readonly AttributeRow[];
  onChange(rows: AttributeRow[], changed: readonly Target[]): void;
  problemsOf: ProblemsOf;
  onTouch(target: Target): void;
  attributeListId: string;
  fieldListId: string;
}) {
  const t = useMessages(fieldRelationsMessages);
  const baseId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useRef<Target | "add" | undefined>(undefined);

  useEffect(() => {
    const target = focusAfterRender.current;
    if (target === undefined) return;
    focusAfterRender.current = undefined;
    if (target === "add") addRef.current?.focus();
    else listRef.current?.querySelector<HTMLElement>(`[data-target="${target}"]`)?.focus();
  });

  const rowTargets = (key: string) => [
    targets.row(key),
    targets.attribute(key),
    targets.expression(key),
  ];
  const update = (key: string, patch: Partial<AttributeRow>) =>
    onChange(
      rows.map((row) => (row.key === key ? { ...row, ...patch } : row)),
      rowTargets(key),
    );
  const add = () => {
    const row = emptyAttributeRow();
    focusAfterRender.current = targets.attribute(row.key);
    onChange([...rows, row], []);
  };
  const remove = (key: string) => {
    focusAfterRender.current = "add";
    onChange(
      rows.filter((row) => row.key !== key),
      rowTargets(key),
    );
  };

  return (
    <div className="relation-rows">
      {rows.length === 0 ? (
        <p className="muted">{t.noAttributes}</p>
      ) : (
        <>
          <div className="relation-head" aria-hidden="true">
            <span>{t.columnAttribute}</span>
            <span />
            <span>{t.columnExpression}</span>
            <span />
          </div>
          <ol ref={listRef} className="relation-list">
            {rows.map((row, index) => {
              const position = index + 1;
              const name = row.attribute.trim();
              const rowProblems = problemsOf(targets.row(row.key));
              const attributeProblems = problemsOf(targets.attribute(row.key));
              const expressionProblems = problemsOf(targets.expression(row.key));
              const all = [
                ...new Set([...attributeProblems, ...expressionProblems, ...rowProblems]),
              ];
              const errorId = `${baseId}-${row.key}-problems`;
              const describedBy = all.length > 0 ? errorId : undefined;
              return (
                <li
                  key={row.key}
                  className={all.length > 0 ? "relation-row relation-row-invalid" : "relation-row"}
                >
                  <input
                    aria-label={t.attributeLabel(position)}
                    value={row.attribute}
                    list={attributeListId}
                    onChange={(event) => update(row.key, { attribute: event.target.value })}
                    onBlur={() => onTouch(targets.attribute(row.key))}
                    aria-invalid={
                      attributeProblems.length > 0 || rowProblems.length > 0 ? true : undefined
                    }
                    aria-describedby={describedBy}
                    data-target={targets.attribute(row.key)}
                    className="attribute-input"
                    spellCheck={false}
                    autoComplete="off"
                  />
                  <span className="relation-arrow" aria-hidden="true">
                    ←
                  </span>
                  <ExpressionInput
                    target={targets.expression(row.key)}
                    aria-label={name ? t.expressionFor(name) : t.expressionRow(position)}
                    value={row.expression}
                    list={fieldListId}
                    onValue={(expression) => update(row.key, { expression })}
                    onBlur={() => onTouch(targets.expression(row.key))}
                    invalid={expressionProblems.length > 0 || rowProblems.length > 0}
                    aria-describedby={describedBy}
                  />
                  <Button
                    variant="ghost"
                    className="btn-small btn-icon"
                    aria-label={name ? t.removeAttribute(name) : t.removeRow(position)}
                    title={name ? t.removeAttribute(name) : t.removeRow(position)}
                    onClick={() => remove(row.key)}
                  >
                    <span aria-hidden="true">✕</span>
                  </Button>
                  {all.length > 0 && (
                    <ul className="row-problems" id={errorId}>
                      {all.map((message) => (
                        <li key={message}>{message}</li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
      <div>
        <Button ref={addRef} className="btn-small" onClick={add}>
          <span aria-hidden="true">+</span> {t.addAttribute}
        </Button>
      </div>
    </div>
  );
}

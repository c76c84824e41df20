import { useEffect, useId, useRef } from "react";
import { useMessages } from "../../i18n/messages.ts";
import { Button } from "../../ui/button.tsx";
import type { ProblemsOf } from "./attribute-rows.tsx";
import { type CandidateRow, emptyCandidate, type Target, targets } from "./draft.ts";
import { ExpressionInput } from "./expression-targets.tsx";
import { fieldRelationsMessages } from "./messages.ts";

/** The ordered username candidates: the order is the meaning, so rows move up and down. */
export function CandidateList({
  candidates,
  onChange,
  problemsOf,
  onTouch,
  fieldListId,
}: {
  candidates: readonly CandidateRow[];
  onChange(candidates: CandidateRow[], changed: readonly Target[]): void;
  problemsOf: ProblemsOf;
  onTouch(target: Target): void;
  fieldListId: string;
}) {
  const t = useMessages(fieldRelationsMessages);
  const baseId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useRef<string | undefined>(undefined);

  useEffect(() => {
    const selector = focusAfterRender.current;
    if (selector === undefined) return;
    focusAfterRender.current = undefined;
    if (selector === "add") addRef.current?.focus();
    else listRef.current?.querySelector<HTMLElement>(selector)?.focus();
  });

  // Index-based issues (`user.username[1]`) describe positions: any reorder makes them stale.
  const allTargets = candidates.map((candidate) => targets.candidate(candidate.key));
  const listProblems = problemsOf(targets.username);
  const listProblemsId = `${baseId}-list-problems`;

  const update = (key: string, expression: string) =>
    onChange(
      candidates.map((candidate) =>
        candidate.key === key ? { ...candidate, expression } : candidate,
      ),
      [targets.candidate(key)],
    );
  const move = (index: number, delta: -1 | 1) => {
    const next = [...candidates];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(index + delta, 0, moved);
    // Keep the focus on the same button of the moved row, unless it is now disabled.
    const edge = index + delta === 0 || index + delta === candidates.length - 1;
    const button = delta === -1 ? "up" : "down";
    const other = delta === -1 ? "down" : "up";
    focusAfterRender.current = `[data-move="${moved.key}-${edge ? other : button}"]`;
    onChange(next, allTargets);
  };
  const add = () => {
    const candidate = emptyCandidate();
    focusAfterRender.current = `[data-target="${targets.candidate(candidate.key)}"]`;
    onChange([...candidates, candidate], [targets.username]);
  };
  const remove = (key: string) => {
    focusAfterRender.current = "add";
    onChange(
      candidates.filter((candidate) => candidate.key !== key),
      [...allTargets, targets.username],
    );
  };

  return (
    <fieldset className="candidates">
      <legend>{t.usernameTitle}</legend>
      <p className="field-hint" id={`${baseId}-hint`}>
        {t.usernameHint}
      </p>
      {candidates.length > 0 && (
        <ol ref={listRef} className="candidate-list">
          {candidates.map((candidate, index) => {
            const position = index + 1;
            const problems = problemsOf(targets.candidate(candidate.key));
            const errorId = `${baseId}-${candidate.key}-problems`;
            return (
              <li
                key={candidate.key}
                className={
                  problems.length > 0 ? "candidate-row relation-row-invalid" : "candidate-row"
                }
              >
                <span className="candidate-number" aria-hidden="true">
                  {position}
                </span>
                <ExpressionInput
                  target={targets.candidate(candidate.key)}
                  aria-label={t.candidateLabel(position)}
                  value={candidate.expression}
                  list={fieldListId}
                  onValue={(expression) => update(candidate.key, expression)}
                  onBlur={() => onTouch(targets.candidate(candidate.key))}
                  invalid={problems.length > 0}
                  aria-describedby={problems.length > 0 ? errorId : undefined}
                />
                <Button
                  variant="ghost"
                  className="btn-small btn-icon"
                  aria-label={t.moveUp(position)}
                  title={t.moveUp(position)}
                  disabled={index === 0}
                  data-move={`${candidate.key}-up`}
                  onClick={() => move(index, -1)}
                >
                  <span aria-hidden="true">↑</span>
                </Button>
                <Button
                  variant="ghost"
                  className="btn-small btn-icon"
                  aria-label={t.moveDown(position)}
                  title={t.moveDown(position)}
                  disabled={index === candidates.length - 1}
                  data-move={`${candidate.key}-down`}
                  onClick={() => move(index, 1)}
                >
                  <span aria-hidden="true">↓</span>
                </Button>
                <Button
                  variant="ghost"
                  className="btn-small btn-icon"
                  aria-label={t.removeCandidate(position)}
                  title={t.removeCandidate(position)}
                  onClick={() => remove(candidate.key)}
                >
                  <span aria-hidden="true">✕</span>
                </Button>
                {problems.length > 0 && (
                  <ul className="row-problems" id={errorId}>
                    {problems.map((message) => (
                      <li key={message}>{message}</li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {listProblems.length > 0 && (
        <ul className="row-problems" id={listProblemsId}>
          {listProblems.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <div>
        <Button
          ref={addRef}
          className="btn-small"
          onClick={add}
          data-target={targets.username}
          aria-describedby={listProblems.length > 0 ? listProblemsId : undefined}
        >
          <span aria-hidden="true">+</span> {t.addCandidate}
        </Button>
      </div>
    </fieldset>
  );
}

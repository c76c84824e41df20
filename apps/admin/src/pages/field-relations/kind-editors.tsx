import { type ReactNode, useCallback, useId } from "react";
import { useMessages } from "../../i18n/messages.ts";
import { AttributeRows } from "./attribute-rows.tsx";
import { CandidateList } from "./candidate-list.tsx";
import { attributeHints, suggestedAttributes } from "./directory-attributes.ts";
import {
  type AttributeRow,
  type CandidateRow,
  type GroupDraft,
  groupProblems,
  type Kind,
  type PlacedIssues,
  type Target,
  targets,
  type UserDraft,
  userProblems,
} from "./draft.ts";
import {
  ExpressionInput,
  type ExpressionTargetsController,
  ExpressionTargetsScope,
  useExpressionTargetsController,
} from "./expression-targets.tsx";
import { FieldPalette, type PaletteField, SourceFieldOptions } from "./field-palette.tsx";
import { KindPanel } from "./kind-panel.tsx";
import {
  edited,
  type GroupState,
  type KindState,
  problemsAt,
  touched,
  type UserState,
} from "./kind-state.ts";
import { type FieldRelationsText, fieldRelationsMessages } from "./messages.ts";
import { SyntaxHelp } from "./syntax-help.tsx";

/**
 * The form of each kind inside its panel: the group name or the username candidates, the
 * attribute rows, and the source fields that insert into whichever expression was last in use.
 */

export interface EditorProps<S> {
  id: string;
  labelledBy: string;
  hidden: boolean;
  state: S;
  setState(update: (state: S) => S): void;
  dirty: boolean;
  previewIssues: PlacedIssues;
  fields: readonly PaletteField[];
  defaultAttributes: readonly string[];
  saving: boolean;
  reloading: boolean;
  onSave(): void;
  onDiscard(): void;
  onReset(): void;
  onReload(): void;
}

export function GroupEditor(props: EditorProps<GroupState>) {
  const { state, setState } = props;
  const t = useMessages(fieldRelationsMessages);
  const baseId = useId();
  const local = groupProblems(state.draft);
  const problemsOf = (target: Target) => problemsAt(state, local, props.previewIssues, t, target);
  const setExpression = useCallback(
    (target: Target, value: string) =>
      setState((current) => {
        const draft =
          target === targets.name
            ? { ...current.draft, name: value }
            : {
                ...current.draft,
                attributes: withExpression(current.draft.attributes, target, value),
              };
        return edited(current, draft, [target, ...rowOf(target)]);
      }),
    [setState],
  );
  const controller = useExpressionTargetsController(targets.name, setExpression);
  const nameProblems = problemsOf(targets.name);
  const ids = {
    name: `${baseId}-name`,
    nameHint: `${baseId}-name-hint`,
    nameProblems: `${baseId}-name-problems`,
    fields: `${baseId}-fields`,
    attributes: `${baseId}-attributes`,
  };

  return (
    <KindEditorFrame
      kind="group"
      editor={props}
      controller={controller}
      ids={ids}
      problemsOf={problemsOf}
      attributesHint={t.groupAttributesHint}
      targetLabel={targetLabel(t, controller.active, state.draft.attributes)}
    >
      <div className={nameProblems.length > 0 ? "field field-invalid" : "field"}>
        <label htmlFor={ids.name}>{t.groupName}</label>
        <ExpressionInput
          id={ids.name}
          target={targets.name}
          value={state.draft.name}
          list={ids.fields}
          onValue={(name) => setExpression(targets.name, name)}
          onBlur={() => setState((current) => touched(current, targets.name))}
          invalid={nameProblems.length > 0}
          aria-describedby={
            nameProblems.length > 0 ? `${ids.nameHint} ${ids.nameProblems}` : ids.nameHint
          }
        />
        <p className="field-hint" id={ids.nameHint}>
          {t.groupNameHint}
        </p>
        {nameProblems.length > 0 && (
          <ul className="row-problems" id={ids.nameProblems}>
            {nameProblems.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </div>
    </KindEditorFrame>
  );
}

export function UserEditor(props: EditorProps<UserState>) {
  const { state, setState } = props;
  const t = useMessages(fieldRelationsMessages);
  const baseId = useId();
  const local = userProblems(state.draft);
  const problemsOf = (target: Target) => problemsAt(state, local, props.previewIssues, t, target);
  const setExpression = useCallback(
    (target: Target, value: string) =>
      setState((current) => {
        const draft = {
          username: current.draft.username.map((candidate) =>
            targets.candidate(candidate.key) === target
              ? { ...candidate, expression: value }
              : candidate,
          ),
          attributes: withExpression(current.draft.attributes, target, value),
        };
        return edited(current, draft, [target, ...rowOf(target)]);
      }),
    [setState],
  );
  const first = state.draft.username[0];
  const controller = useExpressionTargetsController(
    first ? targets.candidate(first.key) : targets.username,
    setExpression,
  );
  const ids = { fields: `${baseId}-fields`, attributes: `${baseId}-attributes` };

  return (
    <KindEditorFrame
      kind="user"
      editor={props}
      controller={controller}
      ids={ids}
      problemsOf={problemsOf}
      attributesHint={t.userAttributesHint}
      targetLabel={targetLabel(t, controller.active, state.draft.attributes, state.draft.username)}
    >
      <CandidateList
        candidates={state.draft.username}
        onChange={(username: CandidateRow[], changed) =>
          setState((current) => edited(current, { ...current.draft, username }, changed))
        }
        problemsOf={problemsOf}
        onTouch={(target) => setState((current) => touched(current, target))}
        fieldListId={ids.fields}
      />
    </KindEditorFrame>
  );
}

/**
 * What both kinds' editors share around their own inputs (`children`): the panel with its
 * buttons, the suggestion lists, the attribute rows, the field palette and the syntax help.
 */
function KindEditorFrame<D extends GroupDraft | UserDraft, R>({
  kind,
  editor,
  controller,
  ids,
  problemsOf,
  attributesHint,
  targetLabel,
  children,
}: {
  kind: Kind;
  editor: EditorProps<KindState<D, R>>;
  controller: ExpressionTargetsController;
  ids: { fields: string; attributes: string };
  problemsOf(target: Target): string[];
  attributesHint: string;
  /** The input an insert from the palette goes to. */
  targetLabel: string;
  children: ReactNode;
}) {
  const { state, setState, fields } = editor;
  return (
    <ExpressionTargetsScope controller={controller}>
      <KindPanel
        kind={kind}
        id={editor.id}
        labelledBy={editor.labelledBy}
        hidden={editor.hidden}
        saved={state.saved}
        dirty={editor.dirty}
        feedback={state.feedback}
        saving={editor.saving}
        reloading={editor.reloading}
        onSave={editor.onSave}
        onDiscard={editor.onDiscard}
        onReset={editor.onReset}
        onReload={editor.onReload}
        form={
          <>
            <SourceFieldOptions id={ids.fields} fields={fields} />
            <AttributeOptions id={ids.attributes} kind={kind} defaults={editor.defaultAttributes} />
            {children}
            <AttributesSection hint={attributesHint}>
              <AttributeRows
                rows={state.draft.attributes}
                onChange={(attributes: AttributeRow[], changed) =>
                  setState((current) => edited(current, { ...current.draft, attributes }, changed))
                }
                problemsOf={problemsOf}
                onTouch={(target) => setState((current) => touched(current, target))}
                attributeListId={ids.attributes}
                fieldListId={ids.fields}
              />
            </AttributesSection>
          </>
        }
        aside={
          <>
            <FieldPalette fields={fields} targetLabel={targetLabel} onInsert={controller.insert} />
            <SyntaxHelp />
          </>
        }
      />
    </ExpressionTargetsScope>
  );
}

/** `attributes` with the expression input at `target` set to `value`; both kinds' rows edit this way. */
function withExpression(attributes: AttributeRow[], target: Target, value: string): AttributeRow[] {
  return attributes.map((row) =>
    targets.expression(row.key) === target ? { ...row, expression: value } : row,
  );
}

/** An expression's row target, so editing the expression clears the row's issues too. */
function rowOf(target: Target): Target[] {
  const key = /^expression:(.+)$/.exec(target)?.[1];
  return key ? [targets.row(key)] : [];
}

/** The input an insert goes to, as the admin reads it ("Expression for mail"). */
function targetLabel(
  t: FieldRelationsText,
  target: Target,
  attributes: readonly AttributeRow[],
  candidates: readonly CandidateRow[] = [],
): string {
  if (target === targets.name) return t.groupName;
  const candidate = candidates.findIndex((row) => targets.candidate(row.key) === target);
  if (candidate >= 0) return t.candidateLabel(candidate + 1);
  const index = attributes.findIndex((row) => targets.expression(row.key) === target);
  const row = attributes[index];
  if (row)
    return row.attribute.trim()
      ? t.expressionFor(row.attribute.trim())
      : t.expressionRow(index + 1);
  return t.usernameTitle;
}

function AttributesSection({ hint, children }: { hint: string; children: ReactNode }) {
  const t = useMessages(fieldRelationsMessages);
  const headingId = useId();
  return (
    <section className="stack attributes-section" aria-labelledby={headingId}>
      <div>
        <h3 id={headingId}>{t.attributesTitle}</h3>
        <p className="field-hint">{hint}</p>
      </div>
      {children}
    </section>
  );
}

/** Attribute name suggestions, each with what it holds. */
function AttributeOptions({
  id,
  kind,
  defaults,
}: {
  id: string;
  kind: Kind;
  defaults: readonly string[];
}) {
  const hints = useMessages(attributeHints);
  const names = suggestedAttributes(kind, defaults);
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name}>
          {name in hints ? hints[name as keyof typeof hints] : name}
        </option>
      ))}
    </datalist>
  );
}

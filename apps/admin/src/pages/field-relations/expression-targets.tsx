import {
  type ComponentProps,
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from "react";
import { insertField, type Target } from "./draft.ts";

/**
 * The source-field list inserts into "the expression you were last in": every expression input
 * of a kind registers here, focusing one makes it the target, and an insert edits its text at
 * the cursor and gives the focus back to it.
 */

interface ExpressionTargets {
  register(target: Target): (element: HTMLInputElement | null) => void;
  activate(target: Target): void;
}

const ExpressionTargetsContext = createContext<ExpressionTargets | undefined>(undefined);

export interface ExpressionTargetsController {
  /** The input an insert goes to: the last one focused that still exists, else `fallback`. */
  active: Target;
  insert(path: string): void;
  targets: ExpressionTargets;
}

/** Makes the inputs below register with `controller`. */
export function ExpressionTargetsScope({
  controller,
  children,
}: {
  controller: ExpressionTargetsController;
  children: ReactNode;
}) {
  return (
    <ExpressionTargetsContext.Provider value={controller.targets}>
      {children}
    </ExpressionTargetsContext.Provider>
  );
}

export function useExpressionTargetsController(
  fallback: Target,
  setExpression: (target: Target, value: string) => void,
): ExpressionTargetsController {
  const elements = useRef(new Map<Target, HTMLInputElement>());
  const [lastFocused, setLastFocused] = useState<Target | undefined>();
  const registrations = useRef(new Map<Target, (element: HTMLInputElement | null) => void>());

  const targets = useMemo<ExpressionTargets>(
    () => ({
      // One callback per target, so React does not detach and re-attach it on every render.
      register(target) {
        let callback = registrations.current.get(target);
        if (!callback) {
          callback = (element) => {
            if (element) elements.current.set(target, element);
            else elements.current.delete(target);
          };
          registrations.current.set(target, callback);
        }
        return callback;
      },
      activate: setLastFocused,
    }),
    [],
  );

  const active =
    lastFocused !== undefined && elements.current.has(lastFocused) ? lastFocused : fallback;

  const insert = useCallback(
    (path: string) => {
      const element = elements.current.get(active);
      if (!element) return;
      const selection = {
        start: element.selectionStart ?? element.value.length,
        end: element.selectionEnd ?? element.value.length,
      };
      const next = insertField(element.value, path, selection);
      setExpression(active, next.value);
      // After React has written the new value: back to the input, cursor after the insert.
      setTimeout(() => {
        element.focus();
        element.setSelectionRange(next.cursor, next.cursor);
      }, 0);
    },
    [active, setExpression],
  );

  return { active, insert, targets };
}

/** A text input for an expression, known to the source-field list of its kind. */
export function ExpressionInput({
  target,
  value,
  onValue,
  invalid,
  onFocus,
  ...input
}: {
  target: Target;
  value: string;
  onValue(value: string): void;
  invalid?: boolean;
} & Omit<ComponentProps<"input">, "value" | "onChange" | "ref">) {
  const targets = useContext(ExpressionTargetsContext);
  return (
    <input
      ref={targets?.register(target)}
      value={value}
      onChange={(event) => onValue(event.target.value)}
      onFocus={(event) => {
        targets?.activate(target);
        onFocus?.(event);
      }}
      aria-invalid={invalid ? true : undefined}
      spellCheck={false}
      autoComplete="off"
      className="expression-input"
      data-target={target}
      {...input}
    />
  );
}

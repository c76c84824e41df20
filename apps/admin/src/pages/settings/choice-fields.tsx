import { type ReactNode, useId } from "react";

/**
 * Form parts the shared `ui/field.tsx` has no twin for: a group of radio choices each with a
 * line of explanation, and a low–high number range. Both are fieldsets whose legend names
 * them, with the error tied to the inputs like the shared fields do.
 */

export interface Choice<T extends string> {
  value: T;
  label: ReactNode;
  hint?: ReactNode;
}

export function RadioGroup<T extends string>({
  legend,
  name,
  value,
  choices,
  onChange,
  error,
  disabled,
}: {
  legend: ReactNode;
  name: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange(value: T): void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset className={error ? "choice-group field-invalid" : "choice-group"}>
      <legend>{legend}</legend>
      {choices.map((choice) => {
        const optionId = `${id}-${choice.value}`;
        const hintId = choice.hint ? `${optionId}-hint` : undefined;
        return (
          <div key={choice.value} className="choice">
            <input
              id={optionId}
              type="radio"
              name={`${id}-${name}`}
              value={choice.value}
              checked={value === choice.value}
              disabled={disabled}
              onChange={() => onChange(choice.value)}
              aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
            />
            <label htmlFor={optionId}>{choice.label}</label>
            {choice.hint && (
              <p className="field-hint" id={hintId}>
                {choice.hint}
              </p>
            )}
          </div>
        );
      })}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function RangeField({
  legend,
  fromLabel,
  toLabel,
  low,
  high,
  onChange,
  hint,
  error,
  placeholder,
}: {
  legend: string;
  fromLabel: string;
  toLabel: string;
  low: string;
  high: string;
  onChange(low: string, high: string): void;
  hint?: ReactNode;
  error?: string | undefined;
  placeholder?: [string, string];
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className={error ? "range-field field-invalid" : "range-field"}>
      <legend>{legend}</legend>
      <div className="range-inputs">
        <label htmlFor={`${id}-low`}>
          <span className="visually-hidden">{legend} </span>
          {fromLabel}
        </label>
        <input
          id={`${id}-low`}
          inputMode="numeric"
          value={low}
          placeholder={placeholder?.[0]}
          onChange={(event) => onChange(event.target.value, high)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <label htmlFor={`${id}-high`}>
          <span className="visually-hidden">{legend} </span>
          {toLabel}
        </label>
        <input
          id={`${id}-high`}
          inputMode="numeric"
          value={high}
          placeholder={placeholder?.[1]}
          onChange={(event) => onChange(low, event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
      </div>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

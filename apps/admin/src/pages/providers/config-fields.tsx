import { useMessages } from "../../i18n/messages.ts";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../../ui/field.tsx";
import { type ConfigField, type ConfigItem, type FormValues, isGroup } from "./config-schema.ts";
import { fieldHint, fieldHints } from "./field-hints.ts";
import { providerMessages } from "./messages.ts";

/** How the secret inputs behave: on an edit, blank keeps the stored value. */
export interface SecretMode {
  editing: boolean;
  /** The secret fields with a stored value (`Provider.secretsSet`): names, never values. */
  stored: readonly string[];
  clear: Record<string, boolean>;
  onClear(path: string, clear: boolean): void;
}

interface ConfigFieldsProps {
  kind: string;
  items: readonly ConfigItem[];
  values: FormValues;
  errors: Record<string, string>;
  secrets: SecretMode;
  onChange(path: string, value: string | boolean): void;
}

function display(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "[]" : value.join(", ");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The inputs of a plugin's config form; nested objects become fieldsets. */
export function ConfigFields({ items, ...rest }: ConfigFieldsProps) {
  const hints = useMessages(fieldHints);
  return (
    <>
      {items.map((item) =>
        isGroup(item) ? (
          <fieldset key={item.path} className="config-group">
            <legend>{item.label}</legend>
            {(item.description ?? fieldHint(hints, rest.kind, item.path)) && (
              <p className="field-hint">
                {item.description ?? fieldHint(hints, rest.kind, item.path)}
              </p>
            )}
            <div className="config-grid">
              {item.fields.map((field) => (
                <ConfigInput key={field.path} field={field} {...rest} />
              ))}
            </div>
          </fieldset>
        ) : (
          <ConfigInput key={item.path} field={item} {...rest} />
        ),
      )}
    </>
  );
}

function ConfigInput({
  field,
  kind,
  values,
  errors,
  secrets,
  onChange,
}: Omit<ConfigFieldsProps, "items"> & { field: ConfigField }) {
  const t = useMessages(providerMessages);
  const hints = useMessages(fieldHints);
  const value = values[field.path];
  const text = typeof value === "string" ? value : "";
  const error = errors[field.path];
  const about = field.description ?? fieldHint(hints, kind, field.path);
  const hasDefault = field.defaultValue !== undefined;
  const hintParts = [
    !field.required && !hasDefault && field.control !== "boolean" ? t.optional : undefined,
    about,
    hasDefault && field.control !== "boolean" && field.control !== "enum"
      ? t.defaultIs(display(field.defaultValue))
      : undefined,
  ];

  switch (field.control) {
    case "boolean":
      return (
        <CheckboxField
          label={field.label}
          hint={about}
          checked={value === true}
          onChange={(event) => onChange(field.path, event.target.checked)}
        />
      );
    case "enum":
      return (
        <SelectField
          label={field.label}
          hint={hintParts.filter(Boolean).join(" ") || undefined}
          error={error}
          value={text}
          onChange={(event) => onChange(field.path, event.target.value)}
        >
          <option value="">
            {hasDefault ? t.defaultOption(display(field.defaultValue)) : t.chooseOption}
          </option>
          {field.options?.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
      );
    case "lines":
    case "json":
      return (
        <TextAreaField
          label={field.label}
          hint={[...hintParts, field.control === "lines" ? t.linesHint : t.jsonHint]
            .filter(Boolean)
            .join(" ")}
          error={error}
          rows={3}
          spellCheck={false}
          value={text}
          onChange={(event) => onChange(field.path, event.target.value)}
        />
      );
    case "secret": {
      const cleared = secrets.clear[field.path] === true;
      const stored = secrets.editing && secrets.stored.includes(field.path);
      // A new provider has nothing stored yet: say instead that the value will be write-only.
      const state = !secrets.editing ? t.secretNone : stored ? t.secretKeep : t.secretNotSet;
      return (
        <div className="secret-field">
          <TextField
            label={field.label}
            hint={[hintParts[0], about, state].filter(Boolean).join(" ")}
            error={error}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={cleared ? "" : text}
            disabled={cleared}
            onChange={(event) => onChange(field.path, event.target.value)}
          />
          {stored && !field.required && (
            <CheckboxField
              label={t.clearSecret(field.label)}
              checked={cleared}
              onChange={(event) => secrets.onClear(field.path, event.target.checked)}
            />
          )}
        </div>
      );
    }
    default: {
      const numeric = field.control === "number" || field.control === "integer";
      return (
        <TextField
          label={field.label}
          hint={hintParts.filter(Boolean).join(" ") || undefined}
          error={error}
          type={numeric ? "number" : "text"}
          inputMode={field.control === "integer" ? "numeric" : numeric ? "decimal" : undefined}
          step={field.control === "integer" ? 1 : numeric ? "any" : undefined}
          min={field.minimum}
          max={field.maximum}
          placeholder={hasDefault ? display(field.defaultValue) : undefined}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(event) => onChange(field.path, event.target.value)}
        />
      );
    }
  }
}

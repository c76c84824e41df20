import { useId, useMemo, useState } from "react";
import { useMessages } from "../../i18n/messages.ts";
import { Badge } from "../../ui/badge.tsx";
import type { Kind } from "./draft.ts";
import { type FieldRelationsText, fieldRelationsMessages, type TextKey } from "./messages.ts";
import type { SourceField } from "./operations.ts";

/** A field an expression may read: the provider's (from the service) or a built-in. */
export interface PaletteField {
  path: string;
  label: string;
  type: string;
  description?: string | null;
  example?: string | null;
  builtIn: boolean;
}

/**
 * Names every relation may use besides the provider's own fields (core's `BUILTIN_FIELDS`):
 * the service lists only the plugin's fields, and `username`/`default_email` are what the
 * defaults' `cn` and `mail` are made of, so they must be discoverable here.
 */
const BUILT_INS: Record<Kind, readonly { path: string; type: string; label: TextKey }[]> = {
  group: [
    { path: "id", type: "string", label: "builtinDepartmentId" },
    { path: "name", type: "string", label: "builtinDepartmentName" },
    { path: "parent_id", type: "string", label: "builtinParentId" },
    { path: "order", type: "number", label: "builtinOrder" },
  ],
  user: [
    { path: "id", type: "string", label: "builtinUserId" },
    { path: "name", type: "string", label: "builtinUserName" },
    { path: "username", type: "string", label: "builtinUsername" },
    { path: "default_email", type: "string", label: "builtinDefaultEmail" },
    { path: "status", type: "string", label: "builtinStatus" },
    { path: "department_ids", type: "string[]", label: "builtinDepartmentIds" },
  ],
};

/** The provider's fields, then the built-ins it does not describe itself. */
export function paletteFields(
  kind: Kind,
  fields: readonly SourceField[],
  t: FieldRelationsText,
): PaletteField[] {
  const own = fields.map((field) => ({ ...field, builtIn: false }));
  const known = new Set(fields.map((field) => field.path));
  const builtIns = BUILT_INS[kind]
    .filter((field) => !known.has(field.path))
    .map((field) => ({ path: field.path, type: field.type, label: t[field.label], builtIn: true }));
  return [...own, ...builtIns];
}

/** Suggestions for an expression input: the paths, with their labels. */
export function SourceFieldOptions({
  id,
  fields,
}: {
  id: string;
  fields: readonly PaletteField[];
}) {
  return (
    <datalist id={id}>
      {fields.map((field) => (
        <option key={field.path} value={field.path}>
          {field.label}
        </option>
      ))}
    </datalist>
  );
}

/** The source fields of a kind, each with a button that puts it into the current expression. */
export function FieldPalette({
  fields,
  targetLabel,
  onInsert,
}: {
  fields: readonly PaletteField[];
  /** Which input an insert goes to, in words ("Expression for mail"). */
  targetLabel: string;
  onInsert(path: string): void;
}) {
  const t = useMessages(fieldRelationsMessages);
  const headingId = useId();
  const filterId = useId();
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (needle === "") return fields;
    return fields.filter((field) =>
      [field.path, field.label, field.description ?? ""].some((text) =>
        text.toLowerCase().includes(needle),
      ),
    );
  }, [fields, filter]);

  return (
    <section className="field-palette" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.fieldsTitle}</h3>
      <p className="field-hint">{t.fieldsHint(targetLabel)}</p>
      <div className="field">
        <label htmlFor={filterId} className="visually-hidden">
          {t.fieldsFilter}
        </label>
        <input
          id={filterId}
          type="search"
          placeholder={t.fieldsFilter}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      {shown.length === 0 ? (
        <p className="muted">{t.noFieldsMatch}</p>
      ) : (
        <ul className="palette-list">
          {shown.map((field) => (
            <li key={field.path} className="palette-item">
              <div className="palette-text">
                <p className="palette-path">
                  <code>{field.path}</code>
                  {field.builtIn && <Badge>{t.builtIn}</Badge>}
                </p>
                <p className="palette-label">{field.label}</p>
                <p className="palette-meta">
                  <span>{field.type}</span>
                  {field.example && (
                    <span>
                      {t.example} {field.example}
                    </span>
                  )}
                </p>
                {field.description && <p className="palette-meta">{field.description}</p>}
              </div>
              <button
                type="button"
                className="btn btn-secondary btn-small"
                aria-label={t.insertField(field.path)}
                onClick={() => onInsert(field.path)}
              >
                {t.insert}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

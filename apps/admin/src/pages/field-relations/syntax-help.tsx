import { useMessages } from "../../i18n/messages.ts";
import { fieldRelationsMessages, type TextKey } from "./messages.ts";

/**
 * The expression language in one screen: the two forms and the filters @orgsync/core accepts
 * (`packages/core/src/field-relations/filters.ts`). The service validates every expression on
 * save and in the preview, so this only has to help an admin write one, not police it.
 */
const EXAMPLES: readonly { expression: string; what: TextKey }[] = [
  { expression: "email", what: "exPath" },
  { expression: "status.is_frozen", what: "exNested" },
  { expression: "{{ name | pinyin }}", what: "exPinyin" },
  { expression: "{{ email | localpart | lower }}@example.com", what: "exText" },
  { expression: '{{ employee_no | default: "0000" }}', what: "exDefault" },
];

const FILTERS: readonly { call: string; what: TextKey }[] = [
  { call: 'pinyin · pinyin: "name"', what: "filterPinyin" },
  { call: "lower", what: "filterLower" },
  { call: "upper", what: "filterUpper" },
  { call: "trim", what: "filterTrim" },
  { call: "localpart", what: "filterLocalpart" },
  { call: 'default: "0000" · default: default_email', what: "filterDefault" },
  { call: 'replace: " ", "."', what: "filterReplace" },
  { call: "truncate: 20", what: "filterTruncate" },
];

export function SyntaxHelp() {
  const t = useMessages(fieldRelationsMessages);
  return (
    <details className="syntax-help">
      <summary>{t.syntaxTitle}</summary>
      <div className="syntax-body">
        <ul className="syntax-forms">
          <li>
            <code>email</code> — {t.syntaxPath}
          </li>
          <li>
            <code>{"{{ name | pinyin }}"}</code> — {t.syntaxTemplate}
          </li>
        </ul>
        <p className="muted">{t.syntaxEmpty}</p>
        <h4>{t.examplesTitle}</h4>
        <dl className="syntax-list">
          {EXAMPLES.map((example) => (
            <div key={example.expression}>
              <dt>
                <code>{example.expression}</code>
              </dt>
              <dd>{t[example.what]}</dd>
            </div>
          ))}
        </dl>
        <h4>{t.filtersTitle}</h4>
        <dl className="syntax-list">
          {FILTERS.map((filter) => (
            <div key={filter.call}>
              <dt>
                <code>{filter.call}</code>
              </dt>
              <dd>{t[filter.what]}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}

/**
 * Field relations: how source fields become directory attributes, per object kind.
 *
 * Every expression is either a plain path (`email`, `status.is_frozen`, `department_ids.0`) or a
 * template (`{{ name | pinyin }}`, `{{ email | localpart | lower }}@example.com`,
 * `{{ employee_no | default: "0000" }}`). Templates are parsed and compiled once and evaluated
 * by a small interpreter: never `eval`, never `new Function`.
 */
export interface FieldRelations {
  group: {
    /** The group's name: its RDN value (`cn=<name>`). Example: `{{ name | pinyin }}`. */
    name: string;
    /** Directory attribute → expression. Example: `{ description: "name" }`. */
    attributes: Record<string, string>;
  };
  user: {
    /**
     * Username candidates, tried in order; the first free one wins, then the first candidate
     * with a number (`zhangwei2`, `zhangwei3`, …). Example: `["{{ name | pinyin }}",
     * "{{ name | pinyin }}.{{ employee_no }}"]`.
     */
    username: string[];
    /** Directory attribute → expression. `uid` comes from the username and may not be set here. */
    attributes: Record<string, string>;
  };
}

/** Options that shape evaluation, fixed when relations are compiled. */
export interface FieldRelationOptions {
  /**
   * Readings for words the pinyin library gets wrong, word → tone-less reading. At each position
   * the longest matching word wins, scanning left to right; everything else follows the
   * library's contextual reading. Applies to this relation set only.
   * Default: `{}` (no overrides). Example: `{ "单于": "chanyu", "曾": "zeng" }`.
   */
  pinyinOverrides?: Record<string, string>;
  /**
   * go-ldap-admin's `default-email-suffix`: makes `default_email` = `<username>@<suffix>`
   * available to user attributes (`{{ email | default: default_email }}`). A domain, without "@".
   * Default: unset (`default_email` has no value). Example: `"example.com"`.
   */
  defaultEmailSuffix?: string;
}

import { graphql, type ResultOf } from "./graphql.ts";

/**
 * Selections more than one page's documents share. Pass a fragment with the document that spreads
 * it (`graphql(\`... ...ConnectionReportFields\`, [ConnectionReportFields])`).
 */

/** A connection test's checks, as every page that shows a connection report selects them. */
export const ConnectionReportFields = graphql(`
  fragment ConnectionReportFields on ConnectionReport {
    ok
    checks {
      id
      label
      status
      detail
      fix
    }
  }
`);

export type ConnectionReportData = ResultOf<typeof ConnectionReportFields>;

/** The issues of a `ValidationError`, each naming the input it is about. */
export const ValidationIssuesFields = graphql(`
  fragment ValidationIssuesFields on ValidationError {
    issues {
      path
      message
    }
  }
`);

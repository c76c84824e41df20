/**
 * Limits on an entry's name (its RDN value). Directories have them even where the schema does
 * not say so: OpenLDAP's back-mdb keeps each RDN in an index key of about 500 bytes, and
 * refuses longer ones with a bare "other" (80). A 200-character department name in pinyin is
 * 1 000 characters. Names are cut to fit instead, and numbered within the limit.
 */
export interface NameLimits {
  /** @default 64 */
  maxLength: number;
  /** @default 192 */
  maxBytes: number;
}

export const DEFAULT_NAME_LIMITS: NameLimits = { maxLength: 64, maxBytes: 192 };

/** Cuts a name to the limits, by whole code points, and drops a space left at the end. */
export function fitName(name: string, limits: NameLimits, reserve = 0): string {
  const points = [...name];
  let result = "";
  let bytes = 0;
  for (const [index, point] of points.entries()) {
    const size = Buffer.byteLength(point, "utf8");
    if (index >= limits.maxLength - reserve || bytes + size > limits.maxBytes - reserve) break;
    result += point;
    bytes += size;
  }
  return result.trimEnd();
}

/** `name` with a number, both within the limits: `yanfabu2`, or a shortened base. */
export function numberedName(name: string, n: number, limits: NameLimits): string {
  const suffix = String(n);
  return `${fitName(name, limits, suffix.length)}${suffix}`;
}

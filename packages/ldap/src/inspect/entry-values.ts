import type { Entry } from "ldapts";

/** An attribute's values as text; servers may spell the attribute's name in any case. */
export function values(entry: Entry | undefined, attribute: string): string[] {
  if (!entry) return [];
  const wanted = attribute.toLowerCase();
  for (const [name, raw] of Object.entries(entry)) {
    if (name.toLowerCase() !== wanted) continue;
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((value) => (typeof value === "string" ? value : value.toString("utf8")));
  }
  return [];
}

import { DirectoryError, type DirectoryErrorCategory } from "../errors.ts";

export interface ErrorDescription {
  category: DirectoryErrorCategory;
  message: string;
  details?: DirectoryError["details"];
}

/**
 * Turns whatever `apply` threw into a result's category and message. The run log is read per
 * object, often without the stack, so a directory error's DN and attribute are added to the
 * message when the target did not already put them there.
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof DirectoryError) {
    const { dn, attribute } = error.details;
    const missing: string[] = [];
    if (dn && !error.message.includes(dn)) missing.push(`dn: ${dn}`);
    if (attribute && !error.message.includes(attribute)) missing.push(`attribute: ${attribute}`);
    const message = missing.length > 0 ? `${error.message} (${missing.join(", ")})` : error.message;
    return { category: error.category, message, details: { ...error.details } };
  }
  if (error instanceof Error) {
    return { category: "unknown", message: error.message || error.name };
  }
  return { category: "unknown", message: String(error) };
}

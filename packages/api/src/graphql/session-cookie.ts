/**
 * The admin app's session cookie. HttpOnly (scripts cannot read it), SameSite=Strict (no other
 * site can make the browser send it, which is the CSRF defence together with yoga's
 * preflight-forcing content type), Path=/ so the SSE endpoint gets it too.
 */
export const SESSION_COOKIE = "orgsync_session";

export function sessionCookie(token: string, expiresAt: Date): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Expires=${expiresAt.toUTCString()}`;
}

export function clearSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** The token from `Authorization: Bearer …`, else from the session cookie. */
export function tokenFromRequest(headers: Headers): string | undefined {
  const authorization = headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  const cookies = headers.get("cookie") ?? "";
  for (const part of cookies.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE && value.length > 0) return value.join("=") || undefined;
  }
  return undefined;
}

import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { HttpRoute, RouteFactory } from "../http/app.ts";

/**
 * Serves the admin web app (`apps/admin`, built by Vite) from the service's own port, so the
 * session cookie is same-origin with `/graphql`. Anything that is not an API route and not a
 * file of the build gets `index.html` (client-side routes such as `/runs/42`); hashed files under
 * `/assets/` are cached for good, `index.html` never. Must be the last route factory.
 */

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** The page may load only this origin's scripts and talk only to this origin. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
};

export function notBuiltMessage(dir: string | undefined): string {
  return `orgsync: the admin app is not built${dir ? ` (no ${join(dir, "index.html")})` : ""}. Build it with \`pnpm --filter @orgsync/admin build\` (bash scripts/start.sh does), or set ORGSYNC_ADMIN_DIR to a built copy. The GraphQL API is at /graphql.`;
}

/** A path of the build for a request path, or undefined when it would leave the build. */
function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const resolved = normalize(join(root, decoded));
  return resolved === root || resolved.startsWith(root.endsWith(sep) ? root : root + sep)
    ? resolved
    : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function serveFile(path: string, immutable: boolean): Promise<Response> {
  const type = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    "content-type": type,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  };
  if (type.startsWith("text/html")) headers["content-security-policy"] = CONTENT_SECURITY_POLICY;
  return new Response(await readFile(path), { status: 200, headers });
}

export function createAdminAppRoutes(dir: string | undefined): RouteFactory {
  return () => {
    const route: HttpRoute = {
      method: "GET",
      // Every path but the API's own, so a wrong API path still gets the API's 404.
      path: /^\/(?!graphql(?:\/|$)|events(?:\/|$)|healthz$|readyz$|metrics$).*$/,
      async handle(request) {
        const root = dir ? normalize(dir) : undefined;
        const index = root ? join(root, "index.html") : undefined;
        if (!root || !index || !(await isFile(index))) {
          return new Response(notBuiltMessage(dir), {
            status: 503,
            headers: { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8" },
          });
        }
        const { pathname } = new URL(request.url);
        const file = fileFor(root, pathname);
        if (file && file !== root && (await isFile(file))) {
          return serveFile(file, pathname.startsWith("/assets/"));
        }
        // A missing file (`/assets/gone.js`, `/favicon.png`) is a 404, not the app's page.
        if (extname(pathname) !== "" || !file) {
          return new Response(JSON.stringify({ error: `no file ${pathname} in the admin app` }), {
            status: 404,
            headers: { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8" },
          });
        }
        return serveFile(index, false);
      },
    };
    return [route];
  };
}

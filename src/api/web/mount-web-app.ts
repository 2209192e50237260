/**
 * The browser app (holder wallet, auditor console, regulator view; built from web/ by Vite into
 * dist/web/) at /app/, and the circuit artifacts the wallet proves with at /app/artifacts/. Every
 * /app response carries a Content-Security-Policy that allows nothing outside this origin: the
 * page loads no CDN, posts to no third party, and works offline. `wasm-unsafe-eval` lets the
 * circuit's witness generator and snarkjs's curve arithmetic compile their WebAssembly; `blob:`
 * workers are snarkjs's own proving threads (made from its bundled code, never fetched).
 * Never serves a file outside the build directory, and never the holder's anything: the service
 * has none of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Hono } from 'hono';
import { PACKAGE_ROOT } from '../../config/index.js';
import { VouchError } from '../../errors/index.js';
import { ensureArtifacts } from '../../zk/index.js';
import type { AppEnv } from '../env.js';
import { problemResponse } from '../problem.js';

/** Where `node scripts/build.mjs` puts the Vite build. */
export const WEB_BUILD_DIR = join(PACKAGE_ROOT, 'dist', 'web');

export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** The artifacts the wallet fetches, by the name it asks for. */
const ARTIFACTS = { 'policy.wasm': 'wasm', 'policy.zkey': 'zkey' } as const;

export interface MountWebAppOptions {
  /** The Vite build (default WEB_BUILD_DIR). */
  dir?: string;
}

export function mountWebApp(app: Hono<AppEnv>, options: MountWebAppOptions = {}): void {
  const dir = options.dir ?? WEB_BUILD_DIR;
  app.use('/app/*', async function contentSecurityPolicy(c, next) {
    await next();
    c.res.headers.set('Content-Security-Policy', WEB_APP_CSP);
    c.res.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    c.res.headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  });
  app.get('/app', (c) => c.redirect('/app/', 301));

  app.get('/app/artifacts/manifest.json', async (c) => {
    const a = await ensureArtifacts({ build: false });
    c.header('Cache-Control', 'no-cache');
    return c.json({
      circuit: a.manifest.circuit,
      files: Object.fromEntries(
        Object.entries(ARTIFACTS).map(([file, name]) => [file, { sha256: a.manifest.sha256[name] }]),
      ),
    });
  });
  app.get('/app/artifacts/:file', async (c) => {
    const name = ARTIFACTS[c.req.param('file') as keyof typeof ARTIFACTS];
    if (!name) return problemResponse(c, new VouchError('NOT_FOUND', 'no such artifact'));
    const a = await ensureArtifacts({ build: false });
    c.header('Content-Type', TYPES[extname(a.files[name])] ?? 'application/octet-stream');
    c.header('Cache-Control', 'no-cache');
    return c.body(new Uint8Array(await readFile(a.files[name])));
  });

  app.get('/app/*', async (c) => {
    const rel = c.req.path.slice('/app/'.length) || 'index.html';
    return serveFile(c, dir, rel);
  });
}

async function serveFile(c: Context<AppEnv>, dir: string, rel: string): Promise<Response> {
  const path = normalize(join(dir, decodeURIComponent(rel)));
  if (!path.startsWith(dir + sep) || !existsSync(path) || !TYPES[extname(path)]) {
    if (rel === 'index.html')
      return problemResponse(c, new VouchError('NOT_FOUND', 'the web app is not built; run `npm run build`'));
    return problemResponse(c, new VouchError('NOT_FOUND', 'no such file in the web app'));
  }
  c.header('Content-Type', TYPES[extname(path)]!);
  // Vite names every asset by its content hash: cache forever; the page itself is revalidated.
  c.header('Cache-Control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  return c.body(rel.endsWith('.html') ? readFileSync(path, 'utf8') : new Uint8Array(await readFile(path)));
}

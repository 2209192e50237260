/**
 * The circuit artifacts (witness generator wasm, proving key zkey) for proving in the browser:
 * fetched once from the service and kept with the Cache API in a cache named by the SHA-256 of the
 * service's artifact manifest, so a new circuit build gets a new cache and only the first proof
 * downloads. Every artifact is hash-checked against the manifest before use, from the network or
 * from the cache; a cached copy that fails the check is deleted and downloaded again.
 */
const BASE = '/app/artifacts/';
const FILES = ['policy.wasm', 'policy.zkey'] as const;
type ArtifactFile = (typeof FILES)[number];

export interface ArtifactManifest {
  circuit: string;
  files: Record<ArtifactFile, { sha256: string }>;
}

export type ArtifactProgress = (p: {
  file: ArtifactFile;
  loaded: number;
  total: number;
  from: 'cache' | 'network';
}) => void;

export class ArtifactError extends Error {
  readonly code = 'ARTIFACT_HASH_MISMATCH';
}

async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

export async function cacheName(): Promise<{ name: string; manifest: ArtifactManifest }> {
  const res = await fetch(`${BASE}manifest.json`, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok)
    throw Object.assign(new Error('the service has no circuit artifacts to prove with'), { code: 'ARTIFACT_MISSING' });
  const text = await res.text();
  return { name: `vouch-artifacts-${await sha256Hex(text)}`, manifest: JSON.parse(text) as ArtifactManifest };
}

async function download(file: ArtifactFile, onProgress?: ArtifactProgress): Promise<Uint8Array> {
  const res = await fetch(BASE + file, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok || !res.body)
    throw Object.assign(new Error(`cannot download ${file} (HTTP ${res.status})`), { code: 'ARTIFACT_MISSING' });
  const total = Number(res.headers.get('content-length') ?? 0);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.({ file, loaded, total, from: 'network' });
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The verified bytes of both artifacts, from the cache when it holds good copies. */
export async function loadArtifacts(onProgress?: ArtifactProgress): Promise<Record<'wasm' | 'zkey', Uint8Array>> {
  const { name, manifest } = await cacheName();
  const cache = await caches.open(name);
  // Older builds' caches are dead weight once the manifest changed.
  for (const old of await caches.keys())
    if (old.startsWith('vouch-artifacts-') && old !== name) await caches.delete(old);
  const out: Partial<Record<'wasm' | 'zkey', Uint8Array>> = {};
  for (const file of FILES) {
    const want = manifest.files[file].sha256;
    const url = BASE + file;
    let bytes: Uint8Array | undefined;
    const hit = await cache.match(url);
    if (hit) {
      const cached = new Uint8Array(await hit.arrayBuffer());
      if ((await sha256Hex(cached)) === want) {
        bytes = cached;
        onProgress?.({ file, loaded: cached.length, total: cached.length, from: 'cache' });
      } else {
        await cache.delete(url); // corrupted or stale: fetch it again
      }
    }
    if (!bytes) {
      const fresh = await download(file, onProgress);
      if ((await sha256Hex(fresh)) !== want)
        throw new ArtifactError(`${file} from the service does not match its manifest`);
      await cache.put(
        url,
        new Response(fresh as BufferSource, {
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(fresh.length) },
        }),
      );
      bytes = fresh;
    }
    out[file === 'policy.wasm' ? 'wasm' : 'zkey'] = bytes;
  }
  return out as Record<'wasm' | 'zkey', Uint8Array>;
}

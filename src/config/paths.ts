/**
 * Where Vouch keeps state (data dir) and rebuildable artifacts (cache dir).
 * State: --data-dir, else $VOUCH_DATA_DIR, else ./data.
 * Cache: $VOUCH_CACHE_DIR, else $XDG_CACHE_HOME/vouch, else ~/.cache/vouch.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolveDataDir(explicit?: string): string {
  return resolve(explicit ?? process.env.VOUCH_DATA_DIR ?? './data');
}

export function resolveCacheDir(explicit?: string): string {
  if (explicit) return resolve(explicit);
  if (process.env.VOUCH_CACHE_DIR) return resolve(process.env.VOUCH_CACHE_DIR);
  const xdg = process.env.XDG_CACHE_HOME;
  return resolve(xdg ? join(xdg, 'vouch') : join(homedir(), '.cache', 'vouch'));
}

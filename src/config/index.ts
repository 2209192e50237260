export { ConfigSchema, ENV_KEYS, LOG_LEVELS } from './schema.js';
export type { Config, ConfigInput } from './schema.js';
export { loadConfig } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
export { resolveDataDir, resolveCacheDir } from './paths.js';
export { RUN_MODES, runModeFromEnv } from './run-mode.js';
export type { RunMode } from './run-mode.js';
export { PACKAGE_ROOT, CIRCUITS_DIR, POLICIES_DIR, OPENAPI_PATH } from './package-files.js';

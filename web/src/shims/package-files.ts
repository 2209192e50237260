/**
 * The browser's stand-in for src/config/package-files.ts: there is no package directory to find.
 * Paths stay empty; the browser is handed every document it uses (policies come from the service).
 */
export const PACKAGE_ROOT = '';
export const CIRCUITS_DIR = '';
export const POLICIES_DIR = '';
export const OPENAPI_PATH = '';
export function packageVersion(): string {
  return '0.0.0';
}

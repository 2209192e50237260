/**
 * Where the data files that ship with Vouch live: the circuit manifest and verifying key
 * (`circuits/build/`), the circuit sources, the policy documents and their JSON Schema
 * (`policies/`), and the API contract (`openapi.yaml`). They sit at the package root — the
 * repository checkout, or `node_modules/vouch` once installed — found by walking up from this
 * file to the `package.json` named `vouch`, so the same lookup works from `src/` (tsx), from the
 * built `dist/`, and from an installed package. Nothing here may depend on the current directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'vouch';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME) return dir;
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${start}`);
  }
}

/** The directory holding Vouch's package.json (the repository root, or node_modules/vouch). */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The package's version, as `vouch --version` prints it. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The circuit sources (`policy.circom` and `lib/`), and the committed manifest + vkey under `build/`. */
export const CIRCUITS_DIR = join(PACKAGE_ROOT, 'circuits');

/** The policy documents that ship with Vouch, and `schema.json`, their JSON Schema. */
export const POLICIES_DIR = join(PACKAGE_ROOT, 'policies');

/** The HTTP API contract served at /openapi.yaml. */
export const OPENAPI_PATH = join(PACKAGE_ROOT, 'openapi.yaml');

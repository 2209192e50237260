/**
 * The web app's build (scripts/build-web.mjs runs it into dist/web/). The app imports library
 * modules from src/ — the prover, the audit verifier, policy compilation — unchanged; this config
 * gives them what the browser lacks: shims for the few Node built-ins they import (web/src/shims/),
 * and browser stand-ins for four modules that touch the disk, Node threads or eval:
 * the artifact finder (artifacts come hash-checked from the Cache API instead), Poseidon (the
 * poseidon-lite implementation the Node engine is tested against), the package-root finder, and
 * the policy schema validator (ajv's standalone code for the same schema: the CSP forbids eval).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const builtins: Record<string, string> = {
  'node:fs': here('./src/shims/node-fs.ts'),
  'node:fs/promises': here('./src/shims/node-fs.ts'),
  'node:path': here('./src/shims/node-path.ts'),
  'node:crypto': here('./src/shims/node-crypto.ts'),
  'node:module': here('./src/shims/node-module.ts'),
};
const POLICY_SCHEMA = '\0vouch-policy-schema';
/** Library modules the browser replaces, by resolved path. */
const replaced: Record<string, string> = {
  [here('../src/zk/artifacts/ensure.ts')]: here('./src/shims/ensure-artifacts.ts'),
  [here('../src/zk/poseidon.ts')]: here('./src/shims/poseidon.ts'),
  [here('../src/config/package-files.ts')]: here('./src/shims/package-files.ts'),
  [here('../src/policy/lib/policy-schema.ts')]: POLICY_SCHEMA,
};
const REPLACED_NAMES = /\/(ensure|poseidon|package-files|policy-schema)\.js$/;

/** ajv's standalone validator for policies/schema.json, as an ES module with imports for its runtime helpers. */
function policySchemaModule(): string {
  const schema = JSON.parse(readFileSync(here('../policies/schema.json'), 'utf8'));
  // Keep in step with POLICY_SCHEMA_AJV_OPTIONS (src/policy/lib/policy-schema.ts).
  const ajv = new Ajv2020({ allErrors: true, code: { source: true, esm: true } });
  (addFormatsPlugin as unknown as { default: (a: Ajv2020) => void }).default(ajv);
  const code = (standaloneCode as unknown as { default: (a: Ajv2020, v: unknown) => string }).default(
    ajv,
    ajv.compile(schema),
  );
  const imports: string[] = [];
  const body = code.replace(/require\("([^"]+)"\)/g, (_m, id: string) => {
    const name = `__runtime${imports.length}`;
    imports.push(`import * as ${name} from ${JSON.stringify(id)};`);
    return name;
  });
  return `${imports.join('\n')}\n${body.replace(/^"use strict";/, '')}\nexport const POLICY_SCHEMA_AJV_OPTIONS = { allErrors: true };\nexport const validatePolicySchema = validate20;\n`;
}

function browserStandIns(): Plugin {
  return {
    name: 'vouch-browser-stand-ins',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (id in builtins) return builtins[id];
      if (id === POLICY_SCHEMA) return id;
      if (importer && REPLACED_NAMES.test(id)) {
        const r = await this.resolve(id, importer, { skipSelf: true });
        if (r && r.id in replaced) return replaced[r.id];
      }
      return null;
    },
    load(id) {
      return id === POLICY_SCHEMA ? policySchemaModule() : null;
    },
  };
}

/** Shared modules import Node-only helpers they never call in the browser; those stay undefined. */
const quietShims = {
  shimMissingExports: true,
  onLog(level: string, log: { code?: string }, handler: (level: never, log: never) => void) {
    if (log.code === 'SHIMMED_EXPORT') return;
    handler(level as never, log as never);
  },
};

export default defineConfig({
  root: here('.'),
  base: '/app/',
  logLevel: 'warn',
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: quietShims,
  },
  worker: { format: 'es', plugins: () => [browserStandIns()], rolldownOptions: quietShims },
  plugins: [browserStandIns()],
});

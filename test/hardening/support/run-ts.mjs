#!/usr/bin/env node
// Runs a TypeScript test-support module the way bin/vouch.mjs runs the CLI: tsx registered
// through its API (not `--import tsx`, whose bare specifier worker threads would re-resolve from
// whatever directory a case chdir()s into). Calls the module's exported `run(args)`.
//   node test/hardening/support/run-ts.mjs MODULE.ts [ARGS...]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const [file, ...args] = process.argv.slice(2);
if (!file) throw new Error('usage: run-ts.mjs MODULE.ts [ARGS...]');
const mod = await import(pathToFileURL(resolve(file)).href);
await mod.run(args);

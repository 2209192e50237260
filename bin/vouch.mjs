#!/usr/bin/env node
// `vouch` entry point: runs the built JavaScript in dist/ (`npm run build`; always present in an
// installed package). In a checkout without a current build it runs the TypeScript sources
// through tsx's loader instead, so an edit is never shadowed by a stale dist/.
import { fileURLToPath } from 'node:url';
import { currentDist } from './dist-status.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = currentDist(root);
let main;
if (dist) {
  ({ main } = await import(new URL('../dist/cli/main.js', import.meta.url).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);

#!/usr/bin/env node
// `npm run bench` entry point: runs the TypeScript benchmarks through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
process.exitCode = await main(process.argv.slice(2));

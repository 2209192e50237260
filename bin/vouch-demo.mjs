#!/usr/bin/env node
// `npm run demo`: the end-to-end walkthrough, through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../scripts/demo.ts');

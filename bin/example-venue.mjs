#!/usr/bin/env node
// `npm run example:venue`: the example venue, through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../examples/venue/run.ts');

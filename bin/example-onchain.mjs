#!/usr/bin/env node
// `npm run example:onchain`: the on-chain example (VouchGate + a settlement contract in an in-process EVM), through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../examples/onchain/run.ts');

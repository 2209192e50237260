/**
 * Setup file of the vitest project `postgres`: after each test file, drop the schemas its test
 * apps got (test/support/test-store.ts). Registered first, so (hooks run as a stack) it runs after
 * the file's own afterAll hooks have stopped whatever still used them.
 */
import { afterAll } from 'vitest';
import { dropTestSchemas } from './test-store.js';

afterAll(dropTestSchemas);

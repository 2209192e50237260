/** The committed openapi.yaml is exactly the bundle of base.yaml and the area fragments. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_SPEC, bundleOpenApi } from '../../src/api/openapi/bundle.js';

describe('openapi.yaml', () => {
  it('is up to date with src/api/openapi/base.yaml and src/api/routes/*.openapi.yaml (run `npm run openapi`)', () => {
    expect(readFileSync(BUNDLED_SPEC, 'utf8')).toBe(bundleOpenApi());
  });
});

/** `npm run openapi`: writes openapi.yaml from base.yaml and the per-area fragments. */
import { writeFileSync } from 'node:fs';
import { BUNDLED_SPEC, bundleOpenApi } from '../src/api/openapi/bundle.js';

writeFileSync(BUNDLED_SPEC, bundleOpenApi());
process.stdout.write(`wrote ${BUNDLED_SPEC}\n`);

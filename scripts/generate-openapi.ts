/** `npm run openapi`: writes openapi.yaml, generated from the route declarations and their prose. */
import { writeFileSync } from 'node:fs';
import { GENERATED_SPEC, renderOpenApi } from '../src/api/openapi/generate.js';

writeFileSync(GENERATED_SPEC, renderOpenApi());
process.stdout.write(`wrote ${GENERATED_SPEC}\n`);

/**
 * The transparency log, read-only and public: anyone may fetch signed checkpoints, entries and
 * inclusion / consistency proofs and check them offline against the verifier key they pinned.
 * Nothing here appends (entries come from the hook, the issuer and report bundles), and nothing
 * here is secret: log payloads are digests and codes by construction (src/log/entry.ts).
 * Hashes are standard base64, sizes and indexes JSON integers (the CLI's `--json` shapes).
 */
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { consistencyProofToJson, encodeBase64, inclusionProofToJson } from '../../log/index.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import { ConsistencyProofJson, LogEntryKind } from './reporting-schemas.js';

/** A decimal index below 2^53 as text (path and query values are strings). */
const IndexText = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,14})$/, 'must be a non-negative integer')
  .transform(Number);

const Root = z
  .object({ origin: z.string(), size: z.int().min(0), rootHash: z.string(), checkpoint: z.string() })
  .meta({ id: 'LogRoot' });
const Entry = z
  .object({
    index: z.int().min(0),
    kind: LogEntryKind,
    payload: z.record(z.string(), z.unknown()),
    body: z.string(),
    leafHash: z.string(),
  })
  .meta({ id: 'LogEntry' });
const InclusionProofJson = z
  .object({
    leafIndex: z.int().min(0),
    treeSize: z.int().min(0),
    leafHash: z.string(),
    rootHash: z.string(),
    proof: z.array(z.string()),
  })
  .meta({ id: 'InclusionProof' });
const VerifierKey = z
  .object({ origin: z.string(), verifierKey: z.string(), keyId: z.string().regex(/^[0-9a-f]{8}$/) })
  .meta({ id: 'LogVerifierKey' });

/** Entries and proofs for an explicit tree size never change: caches may keep them. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export const logRoutes = defineRoutes({
  area: 'log',
  // reads only, through the log on whichever store the service runs (deps.pg when set)
  postgres: true,
  services: (deps) => ({ log: () => domain(deps).anyLog() }),
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/log/checkpoint',
      operationId: 'getLogCheckpoint',
      summary: 'The signed checkpoint of the current tree (C2SP signed note, text)',
      roles: 'public',
      response: { contentType: 'text/plain' },
      handler: async ({ services, c }) => c.text((await services.log().checkpoint()).note),
    }),
    route({
      method: 'get',
      path: '/v1/log/root',
      operationId: 'getLogRoot',
      summary: 'Size, root hash and origin of the current tree, with its signed checkpoint (JSON)',
      roles: 'public',
      response: { schema: Root },
      handler: async ({ services }) => {
        const cp = await services.log().checkpoint();
        return { origin: cp.origin, size: cp.size, rootHash: encodeBase64(cp.rootHash), checkpoint: cp.note };
      },
    }),
    route({
      method: 'get',
      path: '/v1/log/entries/{index}',
      operationId: 'getLogEntry',
      summary: 'One log entry: kind, payload, canonical body and leaf hash',
      roles: 'public',
      params: z.object({ index: IndexText }),
      response: { schema: Entry },
      handler: async ({ services, params, c }) => {
        const log = services.log();
        if (params.index >= (await log.size())) throw new VouchError('NOT_FOUND', 'no log entry at that index');
        const e = await log.entry(params.index);
        c.header('Cache-Control', IMMUTABLE);
        return { index: e.index, kind: e.kind, payload: e.payload, body: e.body, leafHash: encodeBase64(e.leafHash) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/log/inclusion',
      operationId: 'getLogInclusionProof',
      summary: 'Inclusion proof of the entry at `index` in the tree of `size` entries (default: current size)',
      roles: 'public',
      query: z.object({ index: IndexText, size: IndexText.optional() }),
      response: { schema: InclusionProofJson },
      handler: async ({ services, query, c }) => {
        const proof = inclusionProofToJson(await services.log().inclusionProof(query.index, query.size));
        if (query.size !== undefined) c.header('Cache-Control', IMMUTABLE);
        return proof;
      },
    }),
    route({
      method: 'get',
      path: '/v1/log/consistency',
      operationId: 'getLogConsistencyProof',
      summary:
        'Consistency proof that the tree of `to` entries (default: current size) extends the tree of `from` entries',
      roles: 'public',
      query: z.object({ from: IndexText, to: IndexText.optional() }),
      response: { schema: ConsistencyProofJson },
      handler: async ({ services, query, c }) => {
        const proof = consistencyProofToJson(await services.log().consistencyProof(query.from, query.to));
        if (query.to !== undefined) c.header('Cache-Control', IMMUTABLE);
        return proof;
      },
    }),
    route({
      method: 'get',
      path: '/v1/log/verifier-key',
      operationId: 'getLogVerifierKey',
      summary: 'The verifier key (name+keyid+key) auditors pin to check checkpoints',
      roles: 'public',
      response: { schema: VerifierKey },
      handler: ({ services }) => {
        const s = services.log().signer();
        return { origin: s.name, verifierKey: s.verifierKey, keyId: s.keyId.toString(16).padStart(8, '0') };
      },
    }),
  ],
});

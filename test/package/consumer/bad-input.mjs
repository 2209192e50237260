// Wrong arguments, as a JavaScript caller might pass them, to every entry point. Prints one JSON
// line per case: how it ended (a VouchError and its code, a TypeError/RangeError at the API
// boundary, or a value). test/package/consumer.test.ts holds each case to a coded answer.
import { readFileSync } from 'node:fs';
import * as vouch from 'vouch';
import * as hookApi from 'vouch/hook';
import * as prover from 'vouch/prover';
import * as verifier from 'vouch/verifier';
import * as audit from 'vouch/audit';
import * as server from 'vouch/server';

const vkey = JSON.parse(readFileSync('node_modules/vouch/circuits/build/policy.vkey.json', 'utf8'));
const cases = {
  'vouch: new VouchError(unknown code)': () => new vouch.VouchError('NOT_A_CODE', 'x'),
  'hook: createComplianceHook()': () => hookApi.createComplianceHook(),
  'hook: createComplianceHook({ policies: "x" })': () => hookApi.createComplianceHook({ policies: 'x' }),
  'hook: createComplianceHook without a verifying key': async () =>
    hookApi.createComplianceHook({
      policies: [],
      registry: new hookApi.IssuerRegistry({ trusted: [] }),
      store: new hookApi.MemoryNullifierStore(),
      signer: await hookApi.ephemeralReceiptSigner('v'),
    }),
  'hook: loadPolicies(missing dir)': () => hookApi.loadPolicies('no-such-dir'),
  'hook: loadPolicy(not a policy)': () => hookApi.loadPolicy('package.json'),
  'hook: compilePolicy({ id: 1 })': () => hookApi.compilePolicy({ id: 1 }),
  'hook: loadRegistryFile({})': () => hookApi.loadRegistryFile({}, {}),
  'hook: loadRegistryFile(undefined)': () => hookApi.loadRegistryFile(undefined),
  'hook: parseProofFile(42)': () => hookApi.parseProofFile(42),
  'hook: complianceGate({})': () => hookApi.complianceGate({}),
  'hook: receiptSigner({})': () => hookApi.receiptSigner({}),
  'hook: openDatabase({})': () => hookApi.openDatabase({}),
  'hook: checkStateless({})': () => hookApi.checkStateless({}),
  'hook: submit(garbage)': async () => {
    const hook = await hookApi.createComplianceHook({
      policies: [],
      registry: new hookApi.IssuerRegistry({ trusted: [] }),
      store: new hookApi.MemoryNullifierStore(),
      signer: await hookApi.ephemeralReceiptSigner('v'),
      verifier: await hookApi.verifierFor(vkey, { allowDevArtifacts: true }),
      allowDevArtifacts: true,
    });
    try {
      return await hook.submit({ market: 7 }, 'not a proof');
    } finally {
      await hook.close();
    }
  },
  'prover: proveTrade({})': () => prover.proveTrade({}),
  'prover: proveTrade()': () => prover.proveTrade(),
  'prover: parseHolderFile({})': () => prover.parseHolderFile({}),
  'prover: parseCredentialFile("x")': () => prover.parseCredentialFile('x'),
  'prover: parseTrade({})': () => prover.parseTrade({}),
  'verifier: verifierFor({})': () => verifier.verifierFor({}),
  'verifier: verify(garbage)': async () =>
    (await verifier.verifierFor(vkey, { allowDevArtifacts: true })).verify('x', 'y'),
  'verifier: verifierFor(the dev key), development not asked for': () => verifier.verifierFor(vkey),
  'verifier: verifyReceipt("x", [])': () => verifier.verifyReceipt('x', []),
  'verifier: verifyReceipt(1, 2)': () => verifier.verifyReceipt(1, 2),
  'audit: verifyBundle(42, {})': () => audit.verifyBundle(42, {}),
  'audit: verifyBundle({}, { jwks: "x" })': () => audit.verifyBundle({}, { jwks: 'x' }),
  'audit: verifyInclusion({})': () => audit.verifyInclusion({}),
  'audit: parseVerifierKey("x")': () => audit.parseVerifierKey('x'),
  'audit: parseCheckpointText("x")': () => audit.parseCheckpointText('x'),
  'audit: verifyCheckpoint("x", {})': () => audit.verifyCheckpoint('x', {}),
  'server: loadConfig({ file: missing })': () => server.loadConfig({ file: 'no-such-config.json' }),
  'server: createApp()': () => server.createApp(),
  'server: buildServiceDeps({})': () => server.buildServiceDeps({}),
  'server: startServer({})': () => server.startServer({}),
};

for (const [name, run] of Object.entries(cases)) {
  let line;
  try {
    const value = await run();
    line = { name, outcome: 'value', code: value?.code, valid: value?.valid, allowed: value?.allowed };
  } catch (err) {
    line = {
      name,
      outcome: err?.constructor?.name ?? typeof err,
      code: err?.code,
      message: String(err?.message ?? err).slice(0, 160),
    };
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
await verifier.releaseCurves();

/**
 * `npm run demo`: Vouch end to end on this machine, offline, through the same CLI and HTTP API a
 * user has. It narrates each step, writes every artifact under ./demo-output/, and ends with what
 * to try next. The only thing simulated is the outside world: a KYC vendor (a key pair that signs
 * attestations) and a venue's fills.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createTestVendor, makeVendorAttestation } from '../src/kyc/vendor/test-vendor.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(process.env.VOUCH_DEMO_DIR ?? join(ROOT, 'demo-output'));
const DATA = join(OUT, 'data');
const CLI = join(ROOT, 'bin', 'vouch.mjs');
const rel = (p: string) => relative(process.cwd(), p) || '.';
let step = 0;
/** Bold headings only on a terminal, and never with NO_COLOR set (https://no-color.org): piped output stays plain text. */
const STYLED = process.stdout.isTTY === true && !process.env.NO_COLOR;
const bold = (s: string): string => (STYLED ? `\x1b[1m${s}\x1b[0m` : s);

function title(s: string): void {
  step += 1;
  process.stdout.write(`\n${bold(`${step}. ${s}`)}\n`);
}
function say(s: string): void {
  process.stdout.write(`   ${s}\n`);
}
/** Writes a demo file; `secret` files (API keys, holder secrets) are 0600, readable by their owner only. */
function file(name: string, content: string | object, o: { secret?: boolean } = {}): string {
  const p = join(OUT, name);
  const mode = o.secret ? 0o600 : 0o644;
  writeFileSync(p, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`, { mode });
  chmodSync(p, mode); // the mode option only applies when the file is created
  return p;
}

/** Runs the vouch CLI on the demo's data dir; returns parsed --json output. Throws with the CLI's coded error. */
function vouch(args: string[], o: { allowFail?: boolean } = {}): Promise<{ code: number; json: any; stderr: string }> {
  return vouchIn(DATA, args, o);
}

let server: ChildProcess | undefined;
let base = '';

async function api(
  method: string,
  path: string,
  key: string | undefined,
  body?: unknown,
): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

async function ok(method: string, path: string, key: string | undefined, body?: unknown): Promise<any> {
  const r = await api(method, path, key, body);
  if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${r.text.slice(0, 300)}`);
  return r.json ?? r.text;
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  process.stdout.write(
    `${bold('Vouch demo')} — compliance proofs without identities. Everything runs here, offline; files go to ${rel(OUT)}/\n`,
  );

  title('Circuit artifacts');
  say('The policy circuit (about 14,600 constraints) needs proving and verification keys. The first run builds');
  say('them with a DEV ceremony (about 5 minutes on 2 cores, cached afterwards). Dev keys are NOT for');
  say('production: their randomness is public. Production uses `vouch circuits build --ptau FILE`.');
  const info = (await vouch(['circuits', 'build'])).json;
  say(`ready: ${info.constraints} constraints, ${info.ceremony} ceremony`);
  const accInfo = (await vouch(['circuits', 'build', '--circuit', 'policy-accountable'])).json;
  say(
    `and its accountable variant (identity escrow, cumulative limits): ${accInfo.constraints} constraints, built the same way`,
  );

  title('API keys for everyone involved (CLI, printed once, stored hashed)');
  const key = async (role: string, tenant: string) =>
    (await vouch(['keys', 'create', '--role', role, '--tenant', tenant])).json.key as string;
  const keys = {
    admin: await key('admin', 'acme-kyc'),
    issuer: await key('issuer', 'acme-kyc'),
    institution: await key('institution', 'acme-bank'),
    venue: await key('venue', 'example-venue'),
    auditor: await key('auditor', 'audit-co'),
    operator: await key('operator', 'vouch-ops'),
  };
  file('api-keys.json', keys, { secret: true });
  say(
    `admin + issuer (tenant acme-kyc), institution (acme-bank), venue (example-venue), auditor (audit-co), operator (runs the service) → ${rel(join(OUT, 'api-keys.json'))} (0600: these are secrets)`,
  );

  title('A KYC vendor the issuer trusts (simulated: an outside company with a signing key)');
  const vendor = await createTestVendor({ issuer: 'https://kyc-vendor.example' });
  const vendorJwks = file('vendor-jwks.json', vendor.jwks);
  say(`its public keys → ${rel(vendorJwks)} (configured with VOUCH_KYC_VENDOR_JWKS)`);

  title('Start the Vouch service (`vouch serve --dev`, embedded SQLite)');
  say(
    "DEVELOPMENT MODE: the demo runs on the dev ceremony's artifacts, whose randomness is public (anyone can forge proofs);",
  );
  say('without --dev (or VOUCH_ENV=development) the service refuses to start on them with DEV_ARTIFACTS_REFUSED.');
  // the venue, not the prover, chooses the policy each of its markets requires
  const configFile = file('service-config.json', {
    hook: {
      venues: {
        'example-venue': [
          { market: '*-EUR', policies: ['eu-mica-retail-spot@1.0.0'] },
          { market: '*-USD', policies: ['institutional-escrow-required@1.0.0'] },
        ],
      },
    },
  });
  say(
    `the venue requires EU MiCA retail spot on its euro markets and institutional trading with identity escrow on its dollar markets (${rel(configFile)}: hook.venues); a proof under any other policy is refused`,
  );
  server = spawn(
    process.execPath,
    [CLI, 'serve', '--dev', '--port', '0', '--data-dir', DATA, '--config', configFile, '--json'],
    {
      env: {
        ...process.env,
        VOUCH_KYC_VENDOR_JWKS: vendorJwks,
        VOUCH_KYC_VENDOR_ISSUER: vendor.issuer,
        VOUCH_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  base = await new Promise<string>((res, rej) => {
    let out = '';
    server!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) res(m[1]!);
    });
    server!.on('exit', (c) => rej(new Error(`server exited (${c})`)));
  });
  say(`listening on ${base} — reference docs at ${base}/docs`);

  title('The issuer is created (POST /v1/issuers, admin)');
  const issuer = await ok('POST', '/v1/issuers', keys.admin, { name: 'Acme KYC GmbH' });
  say(
    `issuer ${issuer.issuerId}: a BabyJubJub key signs credentials (checked inside the circuit), an Ed25519 key signs its revocation snapshots`,
  );

  title('Two holders make their secrets (CLI `vouch holder init`); issuers only ever see a commitment');
  const aliceFile = join(OUT, 'alice-holder.json');
  const bobFile = join(OUT, 'bob-holder.json');
  const alice = (await vouch(['holder', 'init', '--out', aliceFile])).json;
  const bob = (await vouch(['holder', 'init', '--out', bobFile])).json;
  say(`${rel(aliceFile)}, ${rel(bobFile)} (0600; the secret never leaves the holder)`);

  title('Alice is onboarded from a vendor attestation (vendor-JWS evidence)');
  const token = await makeVendorAttestation(vendor, {
    subject: BigInt(alice.subject),
    audience: issuer.issuerId,
    kycLevel: 2,
    country: 'DE',
    investorClass: 'retail',
    ageOver18: true,
    sanctionsScreenedAt: Math.floor(Date.now() / 1000) - 3600,
    tradeLimit: '250000',
  });
  file('alice-vendor-attestation.jws', token, { secret: true });
  const aliceCred = await ok('POST', `/v1/issuers/${issuer.issuerId}/credentials`, keys.issuer, {
    subject: alice.subject,
    evidenceKind: 'vendor-jws',
    evidence: token,
  });
  const aliceCredFile = file('alice-credential.json', aliceCred, { secret: true });
  say(
    `credential ${aliceCred.id} → ${rel(aliceCredFile)}; the issuer stored only its id, status, commitment and the evidence digest`,
  );

  title('Bob is onboarded by manual review (an operator approves attributes; audit-logged)');
  const bobEvidence = {
    kycLevel: 2,
    jurisdiction: 'US',
    investorClass: 'retail',
    ageOver18: true,
    tradeLimit: '250000',
    sanctionsScreenedAt: Math.floor(Date.now() / 1000) - 3600,
  };
  file('bob-manual-evidence.json', bobEvidence, { secret: true });
  const bobCred = await ok('POST', `/v1/issuers/${issuer.issuerId}/credentials`, keys.issuer, {
    subject: bob.subject,
    evidenceKind: 'manual',
    evidence: JSON.stringify(bobEvidence),
  });
  const bobCredFile = file('bob-credential.json', bobCred, { secret: true });
  say(`credential ${bobCred.id} → ${rel(bobCredFile)}`);
  await vouch(['credential', 'verify', '--credential', aliceCredFile, '--holder', aliceFile]);
  say(
    'Alice checked her credential offline (`vouch credential verify`): signature and slots are valid, and it is hers',
  );

  title(
    'The operator admits the issuer to the catalogue’s EU issuer set (POST /v1/issuer-sets/eu-kyc-issuers/members)',
  );
  const euSet = await ok('POST', '/v1/issuer-sets/eu-kyc-issuers/members', keys.operator, {
    issuerId: issuer.issuerId,
  });
  say(
    `eu-kyc-issuers (owner ${euSet.owner}): ${euSet.keys}/${euSet.capacity} keys; only the set's owner decides who is in it`,
  );

  title(
    'The venue publishes its registry (GET /v1/registry): every issuer set, its issuers and their signed revocation state',
  );
  const registryFile = file('registry.json', await ok('GET', '/v1/registry', undefined));
  const policyFile = join(ROOT, 'policies', 'eu-mica-retail-spot.json');
  say(`${rel(registryFile)}; the venue enforces ${rel(policyFile)}:`);
  // every predicate, not a preview: the narration is what the venue enforces
  for (const line of ((await vouch(['policy', 'explain', policyFile])).json?.explanation ?? '').trimEnd().split('\n'))
    say(`  ${line}`);

  title('Alice proves, on her own machine, that she satisfies the policy for one trade');
  const now = Math.floor(Date.now() / 1000);
  const trade1 = file('trade-1.json', {
    venue: 'example-venue',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.25',
    price: '61000',
    nonce: '0a1b2c3d4e5f6071',
    time: now,
  });
  const proof1 = join(OUT, 'proof-1.json');
  const p = await vouch([
    'prove',
    '--holder',
    aliceFile,
    '--credential',
    aliceCredFile,
    '--policy',
    policyFile,
    '--trade',
    trade1,
    '--registry',
    registryFile,
    '--out',
    proof1,
  ]);
  say(
    `proof → ${rel(proof1)} (${p.json.ms} ms). It says: "a holder of a trusted, unrevoked credential satisfies this policy for this trade" — not who.`,
  );

  title('The venue admits the compliant trade (POST /v1/trades, venue key)');
  const body1 = { trade: JSON.parse(readFileSync(trade1, 'utf8')), proof: JSON.parse(readFileSync(proof1, 'utf8')) };
  const d1 = await ok('POST', '/v1/trades', keys.venue, body1);
  file('decision-1.json', d1);
  say(
    `allowed: ${d1.allowed}; nullifier ${String(d1.nullifier).slice(0, 16)}…; signed receipt → ${rel(join(OUT, 'decision-1.json'))}`,
  );

  title('…and refuses the same proof again (a replay)');
  const d2 = await ok('POST', '/v1/trades', keys.venue, body1);
  say(`allowed: ${d2.allowed}, code ${d2.code}`);

  title('Bob (resident in the US) cannot satisfy the EU policy');
  const trade2 = file('trade-2.json', {
    venue: 'example-venue',
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.1',
    price: '61000',
    nonce: '1122334455667788',
    time: now,
  });
  const bobTry = await vouch(
    [
      'prove',
      '--holder',
      bobFile,
      '--credential',
      bobCredFile,
      '--policy',
      policyFile,
      '--trade',
      trade2,
      '--registry',
      registryFile,
      '--out',
      join(OUT, 'proof-bob.json'),
    ],
    { allowFail: true },
  );
  say(`his prover refuses at once: ${bobTry.json?.error?.code} (${bobTry.json?.error?.message})`);
  const d3 = await ok('POST', '/v1/trades', keys.venue, {
    trade: JSON.parse(readFileSync(trade2, 'utf8')),
    proof: body1.proof,
  });
  say(`and presenting Alice's proof with his own trade is refused: ${d3.code}`);

  title('A regulator checks the admitted proof statelessly (POST /v1/verify, auditor key)');
  const v = await ok('POST', '/v1/verify', keys.auditor, body1);
  say(`valid: ${v.allowed} (no replay memory: verification alone)`);

  const escrowFigures = await escrowSection(keys, issuer.issuerId, p.json.ms as number);

  title('The issuer revokes Alice’s credential (POST /v1/credentials/{id}/revoke)');
  const rev = await ok('POST', `/v1/credentials/${aliceCred.id}/revoke`, keys.issuer, {
    reason: 'demo: document reported stolen',
  });
  say(`new status root #${rev.seq} published as a signed snapshot`);
  const registry2 = file('registry-after-revocation.json', await ok('GET', '/v1/registry', undefined));
  const trade3 = file('trade-3.json', {
    venue: 'example-venue',
    market: 'BTC-EUR',
    side: 'sell',
    size: '0.1',
    price: '61000',
    nonce: '99aabbccddeeff00',
    time: Math.floor(Date.now() / 1000),
  });
  const afterRev = await vouch(
    [
      'prove',
      '--holder',
      aliceFile,
      '--credential',
      aliceCredFile,
      '--policy',
      policyFile,
      '--trade',
      trade3,
      '--registry',
      registry2,
      '--out',
      join(OUT, 'proof-3.json'),
    ],
    { allowFail: true },
  );
  say(`Alice can no longer prove: ${afterRev.json?.error?.code}`);

  title('Acme Bank reports: fills in, tax report and CARF XML out (institution key)');
  const year = new Date().getUTCFullYear();
  const t = (d: string) => `${year}-${d}T10:00:00Z`;
  const fills = [
    'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind',
    `${t('01-10')},acct-1,BTC,buy,1,40000,EUR,10,EUR,example-venue,t-1,spot`,
    `${t('02-10')},acct-1,BTC,buy,0.5,44000,EUR,5,EUR,example-venue,t-2,spot`,
    `${t('03-15')},acct-1,BTC,sell,0.8,52000,EUR,8,EUR,example-venue,t-3,spot`,
    `${t('04-20')},acct-2,ETH,buy,10,2500,EUR,2.5,EUR,example-venue,t-4,spot`,
    `${t('05-25')},acct-2,ETH,sell,4,3000,EUR,3,EUR,example-venue,t-5,spot`,
  ].join('\n');
  file('fills.csv', `${fills}\n`);
  const imp = await ok('POST', '/v1/ledger/fills', keys.institution, { csv: `${fills}\n` });
  say(`imported ${imp.fills} fills (${rel(join(OUT, 'fills.csv'))})`);
  const tax = await ok('POST', '/v1/reports/tax', keys.institution, {
    method: 'FIFO',
    year,
    format: 'json',
    currency: 'EUR',
    jurisdiction: 'DE',
  });
  file('tax-report.json', tax);
  say(`FIFO tax report → ${rel(join(OUT, 'tax-report.json'))}`);
  const users = {
    rcasp: {
      type: 'entity',
      name: 'Acme Bank AG',
      resCountryCode: 'DE',
      tin: { value: 'DE123456789', issuedBy: 'DE' },
      address: { countryCode: 'DE', city: 'Frankfurt am Main' },
      nexus: 'CARF901',
      sendingEntityIN: 'ZMCAR0123456786',
      receivingCountry: 'DE',
    },
    users: {
      'acct-1': {
        type: 'individual',
        firstName: 'Erika',
        lastName: 'Mustermann',
        resCountryCode: 'DE',
        tin: { value: '12345678901', issuedBy: 'DE' },
        birthDate: '1980-01-01',
        address: { countryCode: 'DE', city: 'Berlin' },
      },
      'acct-2': {
        type: 'individual',
        firstName: 'Max',
        lastName: 'Mustermann',
        resCountryCode: 'DE',
        tin: { value: '98765432109', issuedBy: 'DE' },
        birthDate: '1975-05-05',
        address: { countryCode: 'DE', city: 'Hamburg' },
      },
    },
  };
  file('carf-users.json', users, { secret: true });
  const carf = await api('POST', '/v1/reports/tax', keys.institution, {
    method: 'FIFO',
    year,
    format: 'carf',
    users,
    currency: 'EUR',
    jurisdiction: 'DE',
  });
  if (carf.status === 200) {
    file('carf.xml', carf.text, { secret: true });
    say(
      `CARF XML (OECD schema; identities come from ${rel(join(OUT, 'carf-users.json'))}, never from credentials) → ${rel(join(OUT, 'carf.xml'))}`,
    );
  } else say(`CARF XML not produced: ${carf.json?.code} ${carf.json?.detail ?? ''}`);

  title('The report is signed, bundled and logged; the auditor is granted access');
  const bundle = await ok('POST', '/v1/reports/bundles', keys.institution, {
    source: 'tax',
    method: 'FIFO',
    year,
    currency: 'EUR',
    jurisdiction: 'DE',
  });
  const bundleId = bundle.id ?? bundle.bundleId;
  await ok('POST', `/v1/reports/bundles/${bundleId}/grants`, keys.institution, { tenant: 'audit-co' });
  const fetched = await ok('GET', `/v1/reports/bundles/${bundleId}`, keys.auditor);
  const bundleFile = file('bundle.json', fetched.bundle ?? fetched, { secret: true });
  const jwksFile = file('service-jwks.json', await ok('GET', '/.well-known/jwks.json', undefined));
  const logKey = await ok('GET', '/v1/log/verifier-key', undefined);
  const logKeyText = typeof logKey === 'string' ? logKey.trim() : (logKey.verifierKey ?? logKey.key);
  file('log-verifier-key.txt', `${logKeyText}\n`);
  say(
    `bundle ${bundleId}: records under a salted Merkle commitment, JWS by the institution's key, and in the transparency log → ${rel(bundleFile)}`,
  );

  title('The auditor verifies the bundle OFFLINE (`vouch audit verify`, no server involved)');
  const audit = await vouch(['audit', 'verify', bundleFile, '--jwks', jwksFile, '--log-key', logKeyText], {
    allowFail: true,
  });
  const checks = audit.json?.checks ?? audit.json?.error?.details?.checks ?? [];
  for (const c of checks) say(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.code ? ` (${c.code})` : ''}`);
  say(
    audit.code === 0
      ? 'all checks hold: signature, records vs commitment, aggregates, log inclusion, checkpoint signature'
      : `verification failed (exit ${audit.code})`,
  );

  title(
    'What accountability costs (measured in this run; `npx vouch circuits info --json --circuit policy-accountable`)',
  );
  for (const line of escrowFigures) say(line);

  process.stdout.write(`\n${bold('What to try next')}
   • open ${base.replace(/:\d+$/, ':<port>')}/docs after \`npm start\` — every route, with its roles and a try-it form
   • tamper with ${rel(bundleFile)} (one digit of an amount) and run:
       npx vouch audit verify ${rel(bundleFile)} --jwks ${rel(jwksFile)} --log-key "$(cat ${rel(join(OUT, 'log-verifier-key.txt'))})"
   • \`npm run example:venue\` — a small order book admitting orders only through the hook
   • \`npx vouch policy explain policies/fatf-high-risk-exclusion.json\`, then write your own policy
   • \`npm run bench\` — the performance table (BENCHMARKS.md)
`);
}

/**
 * Accountable privacy: a 3-of-5 escrow committee makes its key without a trusted dealer, Carol (an
 * institution) trades under an escrow-required policy — the venue keeps only a ciphertext — and a
 * named trade is unmasked by three members, only after the request is in the transparency log.
 * Every step is a `vouch escrow` command; each member has its own data dir (its own sealed keys).
 * Returns the closing figures (constraints and prove times, base circuit vs accountable variant).
 */
async function escrowSection(keys: Record<string, any>, issuerId: string, baseProveMs: number): Promise<string[]> {
  const members = ['ana', 'ben', 'cy', 'dee', 'eve'];
  const ESCROW = join(OUT, 'escrow');
  mkdirSync(ESCROW, { recursive: true });
  const as = (m: string, args: string[], o: { allowFail?: boolean } = {}) => vouchIn(join(ESCROW, m), args, o);
  const ef = (name: string) => join(ESCROW, name);

  title(
    'Identity escrow: a 3-of-5 committee makes its key, with no trusted dealer (`vouch escrow keygen`, `committee init|deal|verify|finalize`)',
  );
  for (const m of members) await as(m, ['escrow', 'keygen', '--member', m, '--out', ef(`${m}.card.json`)]);
  const init = (
    await vouch([
      'escrow',
      'committee',
      'init',
      '--epoch',
      '1',
      '--threshold',
      '3',
      '--card',
      ...members.map((m) => ef(`${m}.card.json`)),
      '--out',
      ef('committee.json'),
    ])
  ).json;
  for (const m of members)
    await as(m, [
      'escrow',
      'committee',
      'deal',
      '--committee',
      ef('committee.json'),
      '--member',
      m,
      '--out',
      ef(`${m}.dealing.json`),
    ]);
  const dealings = members.map((m) => ef(`${m}.dealing.json`));
  for (const m of members)
    await as(m, [
      'escrow',
      'committee',
      'verify',
      '--committee',
      ef('committee.json'),
      '--member',
      m,
      '--dealing',
      ...dealings,
      '--out',
      ef(`${m}.complaints.json`),
    ]);
  const complaints = members.map((m) => ef(`${m}.complaints.json`));
  const digests = new Set<string>();
  for (const m of members)
    digests.add(
      (
        await as(m, [
          'escrow',
          'committee',
          'finalize',
          '--committee',
          ef('committee.json'),
          '--member',
          m,
          '--dealing',
          ...dealings,
          '--complaints',
          ...complaints,
          '--out',
          ef(`${m}.key.json`),
        ])
      ).json.transcriptDigest,
    );
  say(
    `committee ${String(init.committeeId).slice(0, 16)}…: each member dealt a random polynomial, checked every share it received, and sealed its own key share in its data dir`,
  );
  say(
    `all five computed the same committee key from the same transcript (${digests.size === 1 ? 'digests match' : 'DIGESTS DIFFER'}); no one ever held the whole secret`,
  );
  const pub = (await vouch(['escrow', 'committee', 'publish', '--key', ef('ana.key.json')])).json;
  say(
    `the operator publishes the committee key in the transparency log (index ${pub.logIndex}); the registry serves it as escrowCommittee`,
  );

  title('Carol, an institution, trades under an escrow-required policy (dollar markets)');
  const carolFile = join(OUT, 'carol-holder.json');
  const carol = (await vouch(['holder', 'init', '--out', carolFile])).json;
  const carolEvidence = {
    kycLevel: 3,
    jurisdiction: 'DE',
    investorClass: 'qualified_purchaser',
    ageOver18: true,
    tradeLimit: '5000000',
    sanctionsScreenedAt: Math.floor(Date.now() / 1000) - 3600,
  };
  const carolCred = await ok('POST', `/v1/issuers/${issuerId}/credentials`, keys.issuer, {
    subject: carol.subject,
    evidenceKind: 'manual',
    evidence: JSON.stringify(carolEvidence),
  });
  const carolCredFile = file('carol-credential.json', carolCred, { secret: true });
  const registryFile = file('registry-escrow.json', await ok('GET', '/v1/registry', undefined));
  const escrowPolicy = join(ROOT, 'policies', 'institutional-escrow-required.json');
  const trade = file('trade-escrow.json', {
    venue: 'example-venue',
    market: 'BTC-USD',
    side: 'buy',
    size: '2',
    price: '61000',
    nonce: 'c0ffee00c0ffee01',
    time: Math.floor(Date.now() / 1000),
  });
  const proofFile = join(OUT, 'proof-escrow.json');
  const proved = (
    await vouch([
      'prove',
      '--holder',
      carolFile,
      '--credential',
      carolCredFile,
      '--policy',
      escrowPolicy,
      '--trade',
      trade,
      '--registry',
      registryFile,
      '--out',
      proofFile,
    ])
  ).json;
  say(
    `her proof (${proved.ms} ms, the accountable circuit) carries her escrow identity ElGamal-encrypted to the committee key in the registry, with fresh randomness`,
  );
  const d = await ok('POST', '/v1/trades', keys.venue, {
    trade: JSON.parse(readFileSync(trade, 'utf8')),
    proof: JSON.parse(readFileSync(proofFile, 'utf8')),
  });
  file('decision-escrow.json', d);
  const receiptFile = file('receipt-escrow.jws', `${d.receipt}\n`);
  say(
    `allowed: ${d.allowed}; the venue checked the key is the registry's current committee key and kept only the ciphertext (c1.x ${String(d.escrow?.c1?.x).slice(0, 12)}…), in its decision and signed receipt`,
  );

  title(
    'A regulator asks for that one trade: the request goes into the transparency log first (`vouch escrow request`)',
  );
  const logKey = await ok('GET', '/v1/log/verifier-key', undefined);
  const logKeyFile = file(
    'log-verifier-key.txt',
    `${typeof logKey === 'string' ? logKey.trim() : (logKey.verifierKey ?? logKey.key)}\n`,
  );
  const staleCheckpoint = file('checkpoint-before-request.txt', (await vouch(['log', 'checkpoint'])).json.checkpoint);
  // the receipt must be the venue's: checked against the service's published keys before anything is logged
  const venueJwks = file('venue-jwks.json', await ok('GET', '/.well-known/jwks.json', undefined));
  const req = (
    await vouch([
      'escrow',
      'request',
      '--receipt',
      receiptFile,
      '--jwks',
      venueJwks,
      '--committee-key',
      ef('ana.key.json'),
      '--legal-basis',
      'AMLR art. 50, court order 2026/17',
      '--requester',
      'FIU Germany',
      '--out',
      ef('request.json'),
    ])
  ).json;
  say(
    `request logged at index ${req.index} once the receipt's signature checked out against the venue's JWKS: the decision (receipt digest), legal basis and requester are public; nothing is decrypted yet`,
  );

  title(
    'Three members each check the request is in the log, then make a decryption share with a proof it is correct (`vouch escrow share`)',
  );
  const stale = await as(
    'ben',
    [
      'escrow',
      'share',
      '--request',
      ef('request.json'),
      '--committee-key',
      ef('ben.key.json'),
      '--member',
      'ben',
      '--log-key',
      logKeyFile,
      '--checkpoint',
      staleCheckpoint,
      '--out',
      ef('ben.share.json'),
    ],
    { allowFail: true },
  );
  say(`given a checkpoint from before the request, a member refuses: ${stale.json?.error?.code}`);
  for (const m of ['ana', 'cy', 'eve'])
    await as(m, [
      'escrow',
      'share',
      '--request',
      ef('request.json'),
      '--committee-key',
      ef(`${m}.key.json`),
      '--member',
      m,
      '--log-key',
      logKeyFile,
      '--out',
      ef(`${m}.share.json`),
    ]);
  say(
    'ana, cy and eve: request proved in the log under a signed checkpoint newer than it; shares written (each with a Chaum–Pedersen proof)',
  );
  const few = await vouch(
    [
      'escrow',
      'combine',
      '--request',
      ef('request.json'),
      '--committee-key',
      ef('ana.key.json'),
      '--log-key',
      logKeyFile,
      '--share',
      ef('ana.share.json'),
      ef('cy.share.json'),
      '--out',
      ef('outcome.json'),
    ],
    { allowFail: true },
  );
  say(`two shares are not enough: ${few.json?.error?.code}`);

  title(
    'Combining three checked shares unmasks that one trade; the log records that it happened (`vouch escrow combine`, `vouch escrow list`)',
  );
  const out = (
    await vouch([
      'escrow',
      'combine',
      '--request',
      ef('request.json'),
      '--committee-key',
      ef('ana.key.json'),
      '--log-key',
      logKeyFile,
      '--share',
      ef('ana.share.json'),
      ef('cy.share.json'),
      ef('eve.share.json'),
      '--out',
      ef('outcome.json'),
    ])
  ).json;
  const outcome = JSON.parse(readFileSync(ef('outcome.json'), 'utf8'));
  say(
    `members ${out.members.join(', ')} recovered: issuer #${outcome.identity.issuerIndex} of the issuer set, credential #${outcome.identity.credentialIndex} (Carol's is #${carolCred.credentialIndex}) — enough for Acme KYC to find its record, nothing more`,
  );
  say(
    `the log holds a result at index ${out.resultIndex} with a salted commitment to the identity, never the identity (${rel(ef('outcome.json'))}, 0600, holds the opening)`,
  );
  const listed = (await vouch(['escrow', 'list'])).json;
  for (const u of listed.unmaskings)
    say(
      `audit: request #${u.requestIndex} by ${u.requester} (${u.legalBasis}): ${u.status}${u.results.length ? ` by members ${u.results[0].members.join(', ')}` : ''}`,
    );

  // the closing figures: the two circuits' sizes, and the two proofs of this run
  const base = (await vouch(['circuits', 'info', '--circuit', 'policy'])).json;
  const acc = (await vouch(['circuits', 'info', '--circuit', 'policy-accountable'])).json;
  const pct = Math.round(((proved.ms as number) / baseProveMs - 1) * 100);
  return [
    `without escrow or a cumulative limit (base circuit): ${base.constraints} constraints, ptau 2^${base.ptauPower}; Alice's proof above: ${baseProveMs} ms`,
    `with escrow and/or a cumulative limit (accountable variant): ${acc.constraints} constraints (+${acc.constraints - base.constraints}), ptau 2^${acc.ptauPower}; Carol's escrow proof: ${proved.ms} ms (${pct >= 0 ? '+' : ''}${pct} %)`,
    'the two features are switches inside the one variant, so either alone costs what both cost; a policy with neither keeps the base circuit, its key and its verifiers',
    'one proof each on this (shared) machine: a measurement, not a benchmark',
  ];
}

/** The CLI with another data dir (a committee member's own). */
function vouchIn(
  dataDir: string,
  args: string[],
  o: { allowFail?: boolean } = {},
): Promise<{ code: number; json: any; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      let json: any;
      try {
        json = JSON.parse(out);
      } catch {
        json = undefined;
      }
      if (code !== 0 && !o.allowFail)
        reject(new Error(`vouch ${args.slice(0, 3).join(' ')} failed (${code}): ${out}${err}`));
      else resolvePromise({ code: code ?? 1, json, stderr: err });
    });
  });
}

main()
  .catch((err) => {
    process.stderr.write(`\ndemo failed: ${String((err as Error).message ?? err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    server?.kill('SIGTERM');
  });

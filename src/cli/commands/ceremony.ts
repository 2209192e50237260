/**
 * `vouch ceremony init|contribute|verify|beacon|finalize`: a multi-party Groth16 phase 2 on a
 * public powers-of-tau file, from the command line (src/zk/ceremony; the procedure is
 * docs/CEREMONY.md). Each command prints its result as text, or as JSON with --json.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { VouchError } from '../../errors/index.js';
import { manifestEnvVar, CIRCUIT_NAMES, isCircuitName, type CircuitName } from '../../zk/index.js';
import { applyBeacon, contribute } from '../../zk/ceremony/contribute.js';
import { finalizeCeremony } from '../../zk/ceremony/finalize.js';
import { initCeremony } from '../../zk/ceremony/init.js';
import { verifyCeremony } from '../../zk/ceremony/verify.js';
import { emit, globalOptions, note, type GlobalOptions, type Registrar } from '../context.js';

/** An entropy file is mixed in after hashing; more than this is not more entropy, only more reading. */
const MAX_ENTROPY_BYTES = 1024 * 1024;

export const registerCeremony: Registrar = (program) => {
  const ceremony = program
    .command('ceremony')
    .description(
      'multi-party trusted setup (phase 2) on a public powers-of-tau file: init, contribute, verify, beacon, finalize',
    );

  ceremony
    .command('init')
    .description(
      'start a ceremony for one circuit: checks the phase-1 file, writes the circuit, the initial zkey and the transcript into --out',
    )
    .requiredOption(
      '--ptau <file>',
      'the public phase-1 file (powersOfTau28_hez_final_NN.ptau, prepared for phase 2; docs/CEREMONY.md lists their hashes)',
    )
    .requiredOption('--out <dir>', 'the ceremony directory to create (absent or empty)')
    .option('--circuit <name>', `which circuit: ${CIRCUIT_NAMES.join(' or ')} (2^14 and 2^15 powers)`, 'policy')
    .option(
      '--ptau-unlisted',
      'accept a phase-1 file that is not one of the listed public files, after verifying every contribution in it',
    )
    .option(
      '--rehearsal',
      'practise on the dev powers of tau (public randomness): the result is a dev key, refused outside development mode',
    )
    .option('--force', "write into a non-empty --out, replacing a previous ceremony's files")
    .action(
      async (
        o: { ptau: string; out: string; circuit: string; ptauUnlisted?: boolean; rehearsal?: boolean; force?: boolean },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        const t = await initCeremony({
          circuit: circuitOption(o.circuit),
          ptau: o.ptau,
          out: o.out,
          ptauUnlisted: Boolean(o.ptauUnlisted),
          rehearsal: Boolean(o.rehearsal),
          force: Boolean(o.force),
          step: stepper(opts),
        });
        emit(
          opts,
          {
            dir: o.out,
            circuit: t.circuit,
            constraints: t.constraints,
            power: t.power,
            phase1: t.phase1,
            rehearsal: t.rehearsal,
            initial: t.initial,
          },
          [
            `ceremony for ${t.circuit} (${t.constraints} constraints, 2^${t.power}) started in ${o.out}`,
            `phase 1: ${t.phase1.listed ?? 'unlisted file, verified'} (2^${t.phase1.power}, blake2b ${t.phase1.blake2b.slice(0, 16)}…)`,
            ...(t.rehearsal ? ['REHEARSAL: the dev powers of tau; the key will be forgeable'] : []),
            `next: vouch ceremony contribute --in ${o.out} --name <who>`,
          ].join('\n'),
        );
      },
    );

  ceremony
    .command('contribute')
    .description(
      'add your contribution: a new zkey from fresh randomness (never stored) and a transcript entry with its hash',
    )
    .requiredOption('--in <dir>', 'the ceremony directory (as received from the previous contributor)')
    .requiredOption('--name <name>', 'who you are, as published in the transcript (at most 64 characters)')
    .option('--entropy-file <file>', 'extra entropy to mix in (e.g. dice rolls), at most 1 MiB; hashed, never stored')
    .option('--force', 'replace a zkey left where this contribution goes by an interrupted run')
    .action(async (o: { in: string; name: string; entropyFile?: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const entropy = o.entropyFile === undefined ? undefined : readEntropy(o.entropyFile);
      note(opts, 'contributing (tens of seconds on the base circuit)…');
      const e = await contribute({ dir: o.in, name: o.name, ...(entropy ? { entropy } : {}), force: Boolean(o.force) });
      entropy?.fill(0);
      emit(
        opts,
        e,
        [
          `contribution ${e.index} (${e.name}) written to ${e.zkey}`,
          `contribution hash: ${e.contributionHash}`,
          'publish this hash yourself (it is how you later find your contribution in the final transcript), then pass the directory on',
        ].join('\n'),
      );
    });

  ceremony
    .command('verify')
    .description("verify every contribution against the r1cs and the phase-1 file; prints each contributor's hash")
    .requiredOption('--in <dir>', 'the ceremony directory')
    .option(
      '--recompute',
      "recompute what this machine established before (the initial zkey from r1cs + phase 1; an unlisted phase 1's verification): minutes",
    )
    .action(async (o: { in: string; recompute?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const r = await verifyCeremony({ dir: o.in, recompute: Boolean(o.recompute), step: stepper(opts) });
      const { transcript: _t, ...out } = r;
      emit(
        opts,
        { ok: true, ...out },
        [
          `ceremony ${o.in}: ${r.circuit}, phase 1 ${r.phase1.listed ?? 'unlisted (verified)'}${r.rehearsal ? ' — REHEARSAL (dev powers of tau)' : ''}`,
          ...r.contributions.map(
            (c) =>
              `  #${c.index} ${c.kind === 'beacon' ? `beacon ${c.beacon!.hash} (2^${c.beacon!.iterationsExp}${c.beacon!.source ? `, ${c.beacon!.source}` : ''})` : c.name}\n      ${c.contributionHash}`,
          ),
          `${r.verifiedFiles} zkey(s) verified${r.beacon ? '; closed by its beacon: ready to finalize' : '; no beacon yet'}`,
        ].join('\n'),
      );
    });

  ceremony
    .command('beacon')
    .description('close the ceremony with a public beacon nobody controls (e.g. a block hash named in advance)')
    .requiredOption('--in <dir>', 'the ceremony directory')
    .requiredOption('--beacon <hex>', 'the beacon value, hex (16 to 255 bytes)')
    .requiredOption('--iterations <exp>', 'hash the beacon 2^exp times (10 to 63; snarkjs numIterationsExp)')
    .option('--source <text>', 'what the beacon is, for the transcript (e.g. "Ethereum block 21000000")')
    .option('--name <name>', 'the transcript name of this step', 'public beacon')
    .option('--force', 'replace a zkey left where the beacon goes by an interrupted run')
    .action(
      async (
        o: { in: string; beacon: string; iterations: string; source?: string; name: string; force?: boolean },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        if (!/^[0-9]{1,2}$/.test(o.iterations))
          throw new VouchError('USAGE', '--iterations must be an exponent from 10 to 63');
        note(opts, 'applying the beacon…');
        const e = await applyBeacon({
          dir: o.in,
          beacon: o.beacon,
          iterationsExp: Number(o.iterations),
          name: o.name,
          force: Boolean(o.force),
          ...(o.source ? { source: o.source } : {}),
        });
        emit(
          opts,
          e,
          `beacon applied as step ${e.index} (${e.zkey}); contribution hash ${e.contributionHash}\nnext: vouch ceremony finalize --in ${o.in} --out <release dir>`,
        );
      },
    );

  ceremony
    .command('finalize')
    .description(
      'verify the final zkey, export the verifying key, and write the release: zkey, wasm, r1cs, vkey, transcript and manifest',
    )
    .requiredOption('--in <dir>', 'the ceremony directory (closed by its beacon)')
    .requiredOption('--out <dir>', 'the release directory to create (absent or empty)')
    .option('--force', 'write into a non-empty --out, replacing its release files')
    .action(async (o: { in: string; out: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const f = await finalizeCeremony({ dir: o.in, out: o.out, force: Boolean(o.force), step: stepper(opts) });
      const circuit = f.manifest.circuit as CircuitName;
      emit(
        opts,
        { manifest: f.manifestPath, circuit, ceremony: f.manifest.ceremony, sha256: f.manifest.sha256 },
        [
          `release written to ${o.out}: ${f.manifest.ceremony.contributions} contributions, beacon ${f.manifest.ceremony.beacon!.slice(0, 16)}…`,
          ...(f.manifest.ceremony.warning ? [`WARNING: ${f.manifest.ceremony.warning}`] : []),
          ...Object.entries(f.manifest.sha256).map(([k, v]) => `  ${k.padEnd(5)} sha256 ${v}`),
          `use it with: export ${manifestEnvVar(circuit)}=${f.manifestPath}`,
        ].join('\n'),
      );
    });
};

function stepper(opts: GlobalOptions): (label: string) => void {
  return (label) => note(opts, `${label}…`);
}

function circuitOption(v: string): CircuitName {
  if (!isCircuitName(v)) throw new VouchError('USAGE', `--circuit must be one of ${CIRCUIT_NAMES.join(', ')}`);
  return v;
}

/** The entropy file's bytes: a readable regular file of 1 byte to 1 MiB (its content is never echoed). */
function readEntropy(path: string): Uint8Array {
  let size: number;
  let fd: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
    fd = openSync(path, 'r');
  } catch (cause) {
    throw new VouchError('FILE_UNREADABLE', `cannot read ${path}`, { cause, details: { path } });
  }
  try {
    if (size > MAX_ENTROPY_BYTES)
      throw new VouchError('INPUT_TOO_LARGE', `${path} is larger than ${MAX_ENTROPY_BYTES} bytes`, {
        details: { path },
      });
    if (size === 0)
      throw new VouchError('INPUT_INVALID', `${path} is empty: it adds no entropy`, { details: { path } });
    const buf = Buffer.alloc(size);
    if (readSync(fd, buf, 0, size, 0) !== size)
      throw new VouchError('FILE_UNREADABLE', `cannot read ${path}`, { details: { path } });
    return buf;
  } finally {
    closeSync(fd);
  }
}

/**
 * `vouch circuits build|info`: the artifact pipeline from the command line. `build` holds the cache
 * dir's build lock (a second build waits, then finds the work done); `info` only reads.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { resolveCacheDir } from '../../config/index.js';
import { buildArtifacts, DEV_WARNING } from '../../zk/artifacts/build.js';
import {
  withBuildLock,
  ensureArtifacts,
  manifestEnvVar,
  CIRCUIT_NAMES,
  circuitSourceHash,
  isCircuitName,
  type CircuitName,
} from '../../zk/index.js';
import { VouchError } from '../../errors/index.js';
import { emit, globalOptions, note, type Registrar } from '../context.js';

export const registerCircuits: Registrar = (program) => {
  const circuits = program
    .command('circuits')
    .description("build and inspect the policy circuits' artifacts (policy, policy-accountable)");

  circuits
    .command('build')
    .description('compile the circuit and run the setup (dev ceremony unless --ptau is given); no-op when current')
    .option('--ptau <file>', "a real ceremony's powers of tau: production setup with fresh phase-2 entropy")
    .option(
      '--circuit <name>',
      `which circuit: ${CIRCUIT_NAMES.join(' or ')} (the accountable variant needs a 2^15 ptau)`,
      'policy',
    )
    .action(async (o: { ptau?: string; circuit: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const circuit = circuitOption(o.circuit);
      if (o.ptau) {
        checkPtauFile(o.ptau); // before minutes of compiling
        const sourceHash = circuitSourceHash(circuit);
        const outDir = join(
          resolveCacheDir(),
          'artifacts',
          `${circuit === 'policy' ? '' : `${circuit}-`}${sourceHash.slice(0, 16)}-production-${Date.now()}`,
        );
        const cacheDir = resolveCacheDir();
        const manifest = await withBuildLock(
          cacheDir,
          () =>
            buildArtifacts({
              circuit,
              sourceHash,
              outDir,
              cacheDir,
              ptau: o.ptau!,
              progress: !opts.json && !opts.quiet,
            }),
          {
            onWait: (h) => note(opts, `waiting for the artifact build of process ${h.pid} on ${h.host}…`),
          },
        );
        const manifestPath = join(outDir, 'manifest.json');
        emit(
          opts,
          { circuit, manifest: manifestPath, constraints: manifest.constraints, ceremony: 'production' },
          `production artifacts written to ${outDir}\nuse them with: export ${manifestEnvVar(circuit)}=${manifestPath}`,
        );
        return;
      }
      const a = await ensureArtifacts({ circuit, progress: !opts.json && !opts.quiet });
      if (a.manifest.ceremony.kind === 'dev') note(opts, `WARNING: ${DEV_WARNING}`);
      emit(
        opts,
        info(a),
        `artifacts current in ${a.dir} (${a.manifest.constraints} constraints, ${a.manifest.ceremony.kind} ceremony)`,
      );
    });

  circuits
    .command('info')
    .description(
      'constraint count, public inputs, ptau power, artifact paths and hashes (never builds: ARTIFACT_MISSING when absent)',
    )
    .option(
      '--circuit <name>',
      `one circuit (${CIRCUIT_NAMES.join(', ')}); default: the base, then every variant that is built`,
    )
    .action(async (o: { circuit?: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      // Inspecting must never start a build: polling `info` used to start parallel ceremonies.
      const a = await ensureArtifacts({ circuit: circuitOption(o.circuit ?? 'policy'), build: false });
      const i = info(a);
      // without --circuit, the variants too (listed as not built rather than failing the command)
      const variants = o.circuit
        ? []
        : await Promise.all(
            CIRCUIT_NAMES.filter((c) => c !== 'policy').map(async (circuit) => {
              try {
                return info(await ensureArtifacts({ circuit, build: false }));
              } catch (err) {
                if (err instanceof VouchError && err.code === 'ARTIFACT_MISSING')
                  return { circuit, built: false as const };
                throw err;
              }
            }),
          );
      emit(
        opts,
        o.circuit ? i : { ...i, variants },
        [
          `circuit       ${a.manifest.circuit} (${a.manifest.ceremony.kind} ceremony)`,
          `constraints   ${i.constraints} (budget 2^${BUDGET_POWER[a.manifest.circuit as CircuitName] ?? 14} = ${2 ** (BUDGET_POWER[a.manifest.circuit as CircuitName] ?? 14)})`,
          `public inputs ${i.publicInputs} + ${a.manifest.publicOutputs} output`,
          `ptau power    ${i.ptauPower}`,
          ...Object.entries(i.artifacts).map(([k, v]) => `${k.padEnd(13)} ${v}`),
          ...(a.manifest.ceremony.kind === 'dev' ? [`WARNING: ${DEV_WARNING}`] : []),
          ...variants.map((v) =>
            'built' in v
              ? `variant       ${v.circuit}: not built (vouch circuits build --circuit ${v.circuit})`
              : `variant       ${v.circuit}: ${v.constraints} constraints (budget 2^${BUDGET_POWER[v.circuit]}), ${v.publicInputs} public inputs + ${v.publicOutputs} outputs, ptau 2^${v.ptauPower}, ${v.ceremony} ceremony, manifest ${v.manifest}`,
          ),
        ].join('\n'),
      );
    });
};

/** A readable regular file that starts with the "ptau" magic of snarkjs' binary format. */
function checkPtauFile(path: string): void {
  const magic = Buffer.alloc(4);
  try {
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    const fd = openSync(path, 'r');
    try {
      readSync(fd, magic, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch (cause) {
    throw new VouchError('FILE_UNREADABLE', `cannot read the --ptau file ${path}`, { cause, details: { path } });
  }
  if (magic.toString('latin1') !== 'ptau')
    throw new VouchError('INPUT_INVALID', `${path} is not a powers-of-tau (.ptau) file`, { details: { path } });
}

/** The constraint budget of each circuit (issue 16): the base stays within 2^14, the variant 2^15. */
const BUDGET_POWER: Record<CircuitName, number> = { policy: 14, 'policy-accountable': 15 };

function circuitOption(v: string): CircuitName {
  if (!isCircuitName(v)) throw new VouchError('USAGE', `--circuit must be one of ${CIRCUIT_NAMES.join(', ')}`);
  return v;
}

function info(a: Awaited<ReturnType<typeof ensureArtifacts>>) {
  const circuit = (isCircuitName(a.manifest.circuit) ? a.manifest.circuit : 'policy') as CircuitName;
  return {
    circuit,
    constraints: a.manifest.constraints,
    publicInputs: a.manifest.publicInputs,
    publicOutputs: a.manifest.publicOutputs,
    ptauPower: a.manifest.ceremony.ptauPower,
    ceremony: a.manifest.ceremony.kind,
    artifacts: { wasm: a.files.wasm, zkey: a.files.zkey, vkey: a.files.vkey, r1cs: a.files.r1cs },
    manifest: a.manifestPath,
    sha256: a.manifest.sha256,
  };
}

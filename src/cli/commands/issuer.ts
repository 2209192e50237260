/** `vouch issuer …`, `vouch holder init`, `vouch credential …`, `vouch registry export`. */
import type { Command } from 'commander';
import {
  createHolder,
  createIssuer,
  getIssuer,
  issueCredential,
  issueCredentialForPickup,
  type IssueOptions,
  type IssuerContext,
  issuerRow,
  listIssuers,
  exportRegistry,
  parseCredentialFile,
  publishedRoots,
  SetRegistries,
  parseHolderFile,
  publishStatusSnapshot,
  revokeCredential,
  rotateIssuerKey,
  verifyCredentialFile,
  writeHolderFile,
} from '../../credentials/index.js';
import { DEFAULT_PICKUP_SECONDS, MAX_PICKUP_SECONDS } from '../../credentials/pickup.js';
import { VouchError } from '../../errors/index.js';
import { anonAadhaarConfigFromEnv, readVendorJwks, vendorTrustFromEnv } from '../../kyc/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';
import { MANUAL_EVIDENCE_HELP } from '../file-formats.js';
import { assertOutputPath, json, readJson, readTextFile, writeOutput } from '../files.js';
import { withIssuerContext } from '../state.js';

const DEFAULT_TENANT = 'default';

export const registerIssuer: Registrar = (program) => {
  const issuer = program.command('issuer').description('create and manage credential issuers');
  issuer
    .command('create')
    .description('create an issuer: a BabyJubJub credential key and an Ed25519 snapshot key, sealed at rest')
    .requiredOption('--name <name>', 'display name')
    .option(
      '--tenant <tenant>',
      'owning tenant: over HTTP, only API keys of this tenant can manage the issuer and issue its credentials',
      DEFAULT_TENANT,
    )
    .option('--app-id <n>', 'Anon Aadhaar app id (nullifierSeed) this issuer accepts')
    .action(async (o: { name: string; tenant: string; appId?: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const s = await withIssuerContext(
        opts,
        (ctx) => createIssuer(ctx, { name: o.name, tenant: o.tenant, ...(o.appId ? { appId: o.appId } : {}) }),
        { create: true },
      );
      emit(
        opts,
        { issuerId: s.issuerId, tenant: o.tenant, publicKey: s.publicKey, kid: s.kid, jwks: s.jwks, appId: s.appId },
        `issuer ${s.issuerId} created for tenant ${o.tenant} (credential key ${s.kid}; over HTTP only that tenant's keys manage it); publish its JWKS so verifiers can trust its snapshots`,
      );
    });
  issuer
    .command('list')
    .description('list issuers')
    .option('--tenant <tenant>', 'only this tenant')
    .action(async (o: { tenant?: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const all = await withIssuerContext(opts, (ctx) => listIssuers(ctx, o.tenant));
      emit(
        opts,
        all,
        all.map((i) => `${i.issuerId}  ${i.name}  (tenant ${i.tenant}, key ${i.kid})`).join('\n') || 'no issuers',
      );
    });
  issuer
    .command('show')
    .description('show an issuer and its public keys')
    .argument('<issuerId>')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const s = await withIssuerContext(opts, (ctx) => getIssuer(ctx, id));
      emit(opts, s);
    });
  issuer
    .command('rotate-key')
    .description('rotate a key; the old one stays valid for --overlap seconds')
    .argument('<issuerId>')
    .option('--kind <kind>', 'babyjub (credentials) or ed25519 (snapshots)', 'babyjub')
    .option('--overlap <seconds>', 'how long the old key stays valid', '31536000')
    .action(async (id: string, o: { kind: string; overlap: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      if (o.kind !== 'babyjub' && o.kind !== 'ed25519')
        throw new VouchError('USAGE', '--kind must be babyjub or ed25519');
      const r = await withIssuerContext(opts, async (ctx) => {
        const k = await rotateIssuerKey(ctx, id, o.kind as 'babyjub' | 'ed25519', Number(o.overlap));
        await publishStatusSnapshot(ctx, id);
        return k;
      });
      emit(opts, r, `new ${o.kind} key ${r.kid} is current`);
    });

  program
    .command('holder')
    .description('holder-side keys')
    .command('init')
    .description('make a holder secret and its subject commitment (the secret never leaves this file)')
    .requiredOption('--out <file>', 'where to write holder.json (0600)')
    .option('--force', 'overwrite --out (the old secret, and every credential issued to it, is lost)')
    .action((o: { out: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      const h = createHolder();
      if (o.force) writeOutput(o.out, json(h), { overwrite: true, mode: 0o600 });
      else {
        try {
          writeHolderFile(o.out, h);
        } catch (err) {
          throw new VouchError(
            (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'CONFLICT' : 'FILE_UNREADABLE',
            `cannot create ${o.out}${(err as NodeJS.ErrnoException).code === 'EEXIST' ? ': it already exists (use --force to overwrite)' : ''}`,
            { details: { path: o.out } },
          );
        }
      }
      emit(
        opts,
        { out: o.out, subject: h.subject },
        `holder written to ${o.out}; give issuers only the subject commitment ${h.subject}`,
      );
    });

  const credential = program.command('credential').description('issue, revoke and check credentials');
  credential
    .command('issue')
    .description('verify KYC evidence and issue a kyc-v1 credential to a holder')
    .requiredOption('--issuer <id>', 'issuer id')
    .option('--holder <file>', 'holder.json (only its subject commitment is read)')
    .option('--subject <n>', 'the holder’s subject commitment, instead of --holder')
    .requiredOption('--evidence <kind>', 'vendor-jws | anon-aadhaar | manual')
    .requiredOption('--evidence-file <file>', 'the evidence')
    .option('--out <file>', 'where to write credential.json (0600: it carries the holder’s attributes)')
    .option(
      '--pickup',
      'instead of --out: keep the credential sealed in the database and print a one-time pickup code for the holder (redeemed at POST /v1/credentials/pickup or in the web wallet)',
    )
    .option(
      '--pickup-ttl <seconds>',
      `how long the pickup code works (60 to ${MAX_PICKUP_SECONDS})`,
      String(DEFAULT_PICKUP_SECONDS),
    )
    .option('--reviewer <name>', 'approving operator (manual evidence)', process.env.USER ?? 'operator')
    .option('--vendor-jwks <file>', 'KYC vendor JWKS (or VOUCH_KYC_VENDOR_JWKS)')
    .option('--vendor-issuer <iss>', 'KYC vendor issuer (or VOUCH_KYC_VENDOR_ISSUER)')
    .option('--force', 'overwrite --out')
    .addHelpText('after', MANUAL_EVIDENCE_HELP)
    .action(
      async (
        o: {
          issuer: string;
          holder?: string;
          subject?: string;
          evidence: string;
          evidenceFile: string;
          out?: string;
          pickup?: boolean;
          pickupTtl: string;
          reviewer: string;
          vendorJwks?: string;
          vendorIssuer?: string;
          force?: boolean;
        },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        // before issuing: a credential nobody can save (or pick up) is not issued
        if (o.pickup && o.out !== undefined)
          throw new VouchError('USAGE', 'give either --out FILE or --pickup, not both');
        if (!o.pickup && o.out === undefined) throw new VouchError('USAGE', 'give --out FILE, or --pickup for a code');
        if (!o.pickup && cmd.getOptionValueSource('pickupTtl') === 'cli')
          throw new VouchError('USAGE', '--pickup-ttl goes with --pickup');
        const pickupTtl = Number(o.pickupTtl);
        if (!/^[0-9]{1,6}$/.test(o.pickupTtl) || pickupTtl < 60 || pickupTtl > MAX_PICKUP_SECONDS)
          throw new VouchError(
            'USAGE',
            `--pickup-ttl must be a whole number of seconds from 60 to ${MAX_PICKUP_SECONDS}`,
          );
        if (o.out !== undefined) assertOutputPath(o.out, { overwrite: Boolean(o.force) });
        const subject = o.holder
          ? parseHolderFile(readJson(o.holder)).subject
          : o.subject && /^[0-9]{1,78}$/.test(o.subject)
            ? BigInt(o.subject)
            : undefined;
        if (subject === undefined) throw new VouchError('USAGE', 'give --holder FILE or --subject N');
        const evidence = readTextFile(o.evidenceFile, 1024 * 1024);
        const vendorEnv = vendorTrustFromEnv();
        const vendors =
          o.vendorJwks && o.vendorIssuer
            ? [{ issuer: o.vendorIssuer, jwks: readVendorJwks(o.vendorJwks), audience: o.issuer }]
            : vendorEnv
              ? [vendorEnv]
              : undefined;
        const anon = anonAadhaarConfigFromEnv();
        const issueOptions: IssueOptions = {
          issuerId: o.issuer,
          actor: o.reviewer,
          subject,
          evidenceKind: o.evidence,
          evidence,
          trust: { ...(vendors ? { vendors } : {}), ...(anon ? { anonAadhaar: anon } : {}) },
        };
        const issue = (ctx: IssuerContext) => issueCredential(ctx, issueOptions);
        if (o.pickup) {
          // the credential and its pickup row commit together, or neither does
          const { credential: c, pickup: p } = await withIssuerContext(opts, (ctx) =>
            issueCredentialForPickup(ctx, { ...issueOptions, pickupSeconds: pickupTtl }),
          );
          const until = new Date(p.expiresAt * 1000).toISOString();
          emit(
            opts,
            {
              credentialId: c.id,
              credentialIndex: c.credentialIndex,
              expiresAt: c.expiresAt,
              pickup: { code: p.code, expiresAt: until },
            },
            `credential ${c.id} issued for pickup\npickup code: ${p.code} (works once, until ${until})\nhand it to the holder only: whoever redeems it first receives the credential`,
          );
          return;
        }
        const c = await withIssuerContext(opts, issue);
        writeOutput(o.out!, json(c), { overwrite: Boolean(o.force), mode: 0o600 });
        emit(
          opts,
          { credentialId: c.id, out: o.out, credentialIndex: c.credentialIndex, expiresAt: c.expiresAt },
          `credential ${c.id} written to ${o.out}`,
        );
      },
    );
  credential
    .command('revoke')
    .description('revoke a credential and publish the new status root')
    .argument('<credentialId>')
    .requiredOption('--reason <reason>', 'why (kept in the audit trail)')
    .option('--actor <name>', 'who', process.env.USER ?? 'operator')
    .option(
      '--urgent',
      'end the grace of the replaced issuer-set root at once (every holder of the set must prove again)',
    )
    .action(async (id: string, o: { reason: string; actor: string; urgent?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const r = await withIssuerContext(opts, (ctx) =>
        revokeCredential(ctx, {
          credentialId: id,
          reason: o.reason,
          actor: o.actor,
          ...(o.urgent ? { urgent: true } : {}),
        }),
      );
      emit(
        opts,
        r,
        `credential ${id} revoked${o.urgent ? ' (urgent: no grace)' : ''}; status root #${r.seq} published`,
      );
    });
  credential
    .command('verify')
    .description('check a credential file offline (signature, slots, and that it is yours)')
    .requiredOption('--credential <file>', 'credential.json')
    .option('--holder <file>', 'holder.json: also check the credential was issued to it')
    .action((o: { credential: string; holder?: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const c = parseCredentialFile(readJson(o.credential));
      verifyCredentialFile(c, o.holder ? parseHolderFile(readJson(o.holder)).subject : undefined);
      emit(
        opts,
        { valid: true, credentialId: c.id, issuerId: c.issuer.id, expiresAt: c.expiresAt },
        `credential ${c.id} is validly signed by ${c.issuer.id}`,
      );
    });

  const registry = program.command('registry').description('the verifier’s issuer registry');
  registry
    .command('roots')
    .description(
      'every status root an issuer published, and every issuer-set root it was in, from the transparency log',
    )
    .requiredOption('--issuer <issuerId>', 'the issuer')
    .action(async (o: { issuer: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const roots = await withIssuerContext(opts, async (ctx) => {
        await issuerRow(ctx, o.issuer);
        return publishedRoots(ctx.store, o.issuer);
      });
      emit(
        opts,
        roots,
        [
          ...roots.statusRoots.map((r) => `log #${r.logIndex}  status root #${r.seq}  ${r.statusRoot}`),
          ...roots.setRoots.map(
            (r) => `log #${r.logIndex}  set ${r.set} root ${r.issuerSetRoot} (with status root #${r.seq})`,
          ),
        ].join('\n') || 'no roots in the log yet (they are logged when a registry is published)',
      );
    });
  registry
    .command('export')
    .description(
      'write registry.json: every issuer set (its root and member issuers) and the members’ signed status snapshots',
    )
    .requiredOption('--out <file>', 'where to write it')
    .option('--force', 'overwrite --out')
    .action(async (o: { out: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      const file = await withIssuerContext(opts, async (ctx) => {
        // every root the file carries is appended to this data dir's log first
        const sets = new SetRegistries(ctx, { log: ctx.registryLog() });
        await sets.refresh();
        return exportRegistry(sets.published(), ctx.clock(), await sets.transparency(), await sets.escrowCommittee());
      });
      writeOutput(o.out, json(file), { overwrite: Boolean(o.force) });
      const roots = file.sets.map((s) => ({ name: s.name, issuerSetRoot: s.issuerSetRoot, issuers: s.issuers.length }));
      emit(
        opts,
        { out: o.out, sets: roots, issuers: file.trusted.length },
        `registry written to ${o.out}: ${roots.map((s) => `${s.name} (${s.issuers} issuers, root ${s.issuerSetRoot.slice(0, 16)}…)`).join(', ') || 'no issuer sets (add issuers with `vouch issuer-set add`)'}`,
      );
    });
};

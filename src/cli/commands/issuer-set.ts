/**
 * `vouch issuer-set …`: named issuer sets on the data dir, as the operator who runs the service
 * (the HTTP API lets each set's owner, and only it, change its members). A set named by a policy
 * is the only set that policy's proofs are checked against.
 */
import type { Command } from 'commander';
import {
  addIssuerToSet,
  createIssuerSet,
  getIssuerSet,
  issuerSetRow,
  listIssuerSets,
  removeIssuerFromSet,
  type IssuerSetSummary,
} from '../../credentials/index.js';
import { CATALOGUE_OWNER } from '../../db/schema.js';
import { isVouchError } from '../../errors/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';
import { withIssuerContext } from '../state.js';

const view = (s: IssuerSetSummary) => ({ ...s, owner: s.owner === CATALOGUE_OWNER ? 'catalogue' : s.owner });
const line = (s: IssuerSetSummary) =>
  `${s.name}  (owner ${s.owner === CATALOGUE_OWNER ? 'catalogue' : s.owner}; ${s.keys}/${s.capacity} keys)  ${s.issuers.join(' ') || '-'}`;

export const registerIssuerSet: Registrar = (program) => {
  const set = program
    .command('issuer-set')
    .description('named issuer sets: which issuers a policy’s proofs may come from');
  set
    .command('create')
    .description('create an issuer set')
    .argument('<name>')
    .option('--owner <tenant>', 'owning tenant (default: the shared catalogue, managed by the operator)')
    .option('--capacity <n>', 'most credential keys it holds (1-64)', '64')
    .action(async (name: string, o: { owner?: string; capacity: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const s = await withIssuerContext(
        opts,
        (ctx) => createIssuerSet(ctx, { name, owner: o.owner ?? CATALOGUE_OWNER, capacity: Number(o.capacity) }),
        { create: true },
      );
      emit(opts, view(s), `issuer set ${s.name} created`);
    });
  set
    .command('add')
    .description('add an issuer to a set (a catalogue set is created if missing)')
    .argument('<name>')
    .argument('<issuerId>')
    .option('--actor <name>', 'who', process.env.USER ?? 'operator')
    .action(async (name: string, issuerId: string, o: { actor: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const s = await withIssuerContext(opts, async (ctx) => {
        let owner: string;
        try {
          owner = (await issuerSetRow(ctx, name)).owner;
        } catch (err) {
          if (!isVouchError(err) || err.code !== 'NOT_FOUND') throw err;
          owner = (await createIssuerSet(ctx, { name, owner: CATALOGUE_OWNER })).owner;
        }
        return addIssuerToSet(ctx, { set: name, issuerId, owner, actor: o.actor });
      });
      emit(opts, view(s), `issuer ${issuerId} is in ${s.name} (${s.keys}/${s.capacity} keys)`);
    });
  set
    .command('remove')
    .description('remove an issuer from a set')
    .argument('<name>')
    .argument('<issuerId>')
    .action(async (name: string, issuerId: string, _o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const s = await withIssuerContext(opts, async (ctx) =>
        removeIssuerFromSet(ctx, { set: name, issuerId, owner: (await issuerSetRow(ctx, name)).owner, actor: 'cli' }),
      );
      emit(opts, view(s), `issuer ${issuerId} left ${s.name}`);
    });
  set
    .command('list')
    .description('list issuer sets')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const all = await withIssuerContext(opts, (ctx) => listIssuerSets(ctx));
      emit(opts, all.map(view), all.map(line).join('\n') || 'no issuer sets');
    });
  set
    .command('show')
    .description('show one issuer set')
    .argument('<name>')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const s = await withIssuerContext(opts, (ctx) => getIssuerSet(ctx, name));
      emit(opts, view(s), line(s));
    });
};

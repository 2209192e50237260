/** `vouch ledger import FILE`: validate a fills file and store it for a tenant, all or nothing. */
import type { Command } from 'commander';
import { importLedger, ledgerFormatOf, readLedgerFile, sha256File } from '../../reporting/ledger/index.js';
import { openLedgerStore } from '../../reporting/ledger/open-ledger-store.js';
import { emit, globalOptions, type Registrar } from '../context.js';
import { LEDGER_CSV_HELP } from '../file-formats.js';
import { openStateDatabase } from '../state.js';

export const registerLedger: Registrar = (program) => {
  const ledger = program.command('ledger').description('the trade ledger: import fills (CSV or JSON)');

  ledger
    .command('import')
    .description('import fills; a malformed row or a duplicate trade id imports nothing')
    .argument(
      '<file>',
      'fills CSV (header time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind) or JSON',
    )
    .option('--format <csv|json>', 'file format (default: by extension)')
    .option('--tenant <id>', 'tenant the fills belong to (its institution keys report on them over HTTP)', 'default')
    .addHelpText('after', LEDGER_CSV_HELP)
    .action(async (file: string, o: { format?: string; tenant: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const format = ledgerFormatOf(file, o.format);
      const sha256 = await sha256File(file);
      // Read and validate the whole file before the database is opened: a file refused for what
      // it is leaves the store exactly as it was (the import row of a streamed import would not).
      const fills = [];
      for await (const item of readLedgerFile(file, { format })) fills.push(item);
      // VOUCH_DATABASE_URL=postgres://… imports into the service's shared database instead
      const ledgerStore = await openLedgerStore({ sqlite: () => openStateDatabase(opts, { create: true }) });
      try {
        const result = await importLedger(ledgerStore.store, {
          tenant: o.tenant,
          fills,
          source: format,
          sha256,
        });
        emit(
          opts,
          { ...result, sha256 },
          `imported ${result.fills} fills for tenant ${result.tenant} (import ${result.importId})`,
        );
      } finally {
        await ledgerStore.close();
      }
    });
};

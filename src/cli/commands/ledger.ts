/** `vouch ledger import FILE`: validate a fills file and store it for a tenant, all or nothing. */
import type { Command } from 'commander';
import { databasePath, openDatabase } from '../../db/client.js';
import { importLedger, ledgerFormatOf, readLedgerFile, sha256File } from '../../reporting/ledger/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';

export const registerLedger: Registrar = (program) => {
  const ledger = program.command('ledger').description('the trade ledger: import fills (CSV or JSON)');

  ledger
    .command('import')
    .description('import fills; a malformed row or a duplicate trade id imports nothing')
    .argument('<file>', 'fills CSV (header time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind) or JSON')
    .option('--format <csv|json>', 'file format (default: by extension)')
    .option('--tenant <id>', 'tenant the fills belong to', 'default')
    .action(async (file: string, o: { format?: string; tenant: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      const format = ledgerFormatOf(file, o.format);
      const sha256 = await sha256File(file);
      // Read and validate the whole file before the database is opened: a file refused for what
      // it is leaves the store exactly as it was (the import row of a streamed import would not).
      const fills = [];
      for await (const item of readLedgerFile(file, { format })) fills.push(item);
      const handle = openDatabase({ path: databasePath(opts.dataDir) });
      try {
        const result = await importLedger(handle.db, { tenant: o.tenant, fills, source: format, sha256 });
        emit(opts, { ...result, sha256 }, `imported ${result.fills} fills for tenant ${result.tenant} (import ${result.importId})`);
      } finally {
        handle.close();
      }
    });
};

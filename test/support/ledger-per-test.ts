import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTableInput } from '../../lib/aws/table-spec';
import { FindingsLedger } from '../../lib/sinks/findings-ledger';
import { LEDGER_TABLE } from '../../lib/sinks/ledger-table';
import { startDynalite, type LocalDynamo } from './dynalite';

/**
 * Registers the hooks of a file whose tests each need an empty findings ledger: one dynalite for the
 * file, a new table `<prefix>-<n>` before each test, handed to `use`.
 */
export function ledgerPerTest(prefix: string, use: (db: LocalDynamo, ledger: FindingsLedger) => void): void {
  let db: LocalDynamo;
  let tables = 0;
  beforeAll(async () => {
    db = await startDynalite();
  });
  afterAll(() => db.stop());
  beforeEach(async () => {
    const tableName = `${prefix}-${++tables}`;
    await db.createTable(createTableInput(tableName, LEDGER_TABLE));
    use(db, new FindingsLedger({ client: db.doc, tableName }));
  });
}

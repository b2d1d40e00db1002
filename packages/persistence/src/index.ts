/**
 * @openpayer/persistence — storage for the API and the CLI: one schema and one set of
 * migrations for the embedded database (PGlite) and PostgreSQL (node-postgres).
 */
export { type Db, type Store, type OpenOptions, openStore, migrate, rowsOf } from './database.ts';
export * as schema from './schema.ts';
export {
  LEDGER_ISSUE_CODES,
  type LedgerIssueCode,
  type StoredSettlement,
  type SettleCommand,
  requestHash,
  settleAndStore,
  reverseStored,
  readAccumulators,
  countSettlements,
  readSettlement,
} from './ledger.ts';

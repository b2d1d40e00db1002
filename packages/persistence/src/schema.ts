import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The tables, typed for Drizzle. `migrations/*.sql` creates them; this file must describe the same
 * columns (a test compares them with the database's own catalog).
 */
export const catalogReleases = pgTable('catalog_releases', {
  id: text('id').primaryKey(),
  region: text('region'),
  effectiveStart: date('effective_start').notNull(),
  effectiveEnd: date('effective_end'),
  publishedOn: date('published_on').notNull(),
  body: jsonb('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const policies = pgTable('policies', {
  id: text('id').primaryKey(),
  region: text('region').notNull(),
  publishedOn: date('published_on').notNull(),
  activeFrom: date('active_from'),
  body: jsonb('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  title: text('title').notNull().default(''),
  activatedBy: text('activated_by'),
  activatedAt: timestamp('activated_at', { withTimezone: true }),
});

export const approvals = pgTable(
  'approvals',
  {
    id: text('id').primaryKey(),
    personId: text('person_id').notNull(),
    institutionCode: text('institution_code').notNull(),
    status: text('status').notNull(),
    body: jsonb('body').notNull(),
    revision: integer('revision').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    kind: text('kind').notNull().default('out_of_catalog'),
    itemCode: text('item_code').notNull().default(''),
    requestedOn: date('requested_on'),
  },
  (t) => [
    index('approvals_person').on(t.personId),
    index('approvals_institution_seq').on(t.institutionCode, t.seq),
    index('approvals_status_seq').on(t.status, t.seq),
  ],
);

export const accumulators = pgTable(
  'accumulators',
  {
    personId: text('person_id').notNull(),
    year: integer('year').notNull(),
    body: jsonb('body').notNull(),
    revision: integer('revision').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.personId, t.year] })],
);

export const settlements = pgTable(
  'settlements',
  {
    id: text('id').primaryKey(),
    claimId: text('claim_id').notNull(),
    institutionCode: text('institution_code').notNull(),
    personId: text('person_id').notNull(),
    year: integer('year').notNull(),
    status: text('status').notNull(),
    policyId: text('policy_id').notNull(),
    catalogReleaseId: text('catalog_release_id').notNull(),
    total: text('total').notNull(),
    body: jsonb('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    reversedAt: timestamp('reversed_at', { withTimezone: true }),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    serviceDate: date('service_date'),
  },
  (t) => [
    index('settlements_person').on(t.personId, t.year),
    uniqueIndex('settlements_seq').on(t.seq),
    index('settlements_institution_seq').on(t.institutionCode, t.seq),
  ],
);

export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    settlementId: text('settlement_id')
      .notNull()
      .references(() => settlements.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);

export const principals = pgTable('principals', {
  id: text('id').primaryKey(),
  role: text('role').notNull(),
  institutionCode: text('institution_code'),
  keyHash: text('key_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  name: text('name').notNull().default(''),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const reversals = pgTable('reversals', {
  settlementId: text('settlement_id')
    .primaryKey()
    .references(() => settlements.id),
  reversedBy: text('reversed_by').notNull(),
  reason: text('reason').notNull(),
  body: jsonb('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

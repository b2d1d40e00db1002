-- OpenPayer on a Citus cluster: which table goes where.
-- Run once on the coordinator, after `CREATE EXTENSION citus;`, the workers added
-- (citus_add_node) and the coordinator registered (citus_set_coordinator_host), and after one
-- `openpayer serve` (DATABASE_URL = the coordinator) has applied the migrations to the still empty
-- database. Give it the plain schema, not `partitionByPerson` (that option is the same key rule on
-- a single server). Later migrations run through the coordinator, which propagates their DDL.
-- packages/persistence/src/citus.test.ts executes this file against stand-ins of the three Citus
-- functions that check Citus's rules (every primary and unique key of a distributed table holds
-- its distribution column; co-located tables are distributed first), and checks that it places
-- every table of the schema.

-- The ledger, distributed by the insured person and co-located: a settlement's rows (its claim,
-- the person's accumulators and approvals, its idempotency record, findings, a reversal) live on
-- one shard, so its writes go to one worker. Every key starts with person_id (migration 0021).
SELECT create_distributed_table('settlements', 'person_id');
SELECT create_distributed_table('settlement_claims', 'person_id', colocate_with => 'settlements');
SELECT create_distributed_table('accumulators', 'person_id', colocate_with => 'settlements');
SELECT create_distributed_table('idempotency_records', 'person_id', colocate_with => 'settlements');
SELECT create_distributed_table('reversals', 'person_id', colocate_with => 'settlements');
SELECT create_distributed_table('approvals', 'person_id', colocate_with => 'settlements');
SELECT create_distributed_table('findings', 'person_id', colocate_with => 'settlements');

-- Reference data: small, read by every settlement, changed by administrators. A copy on every
-- worker, so a settlement's reads of them join locally.
SELECT create_reference_table('catalog_releases');
SELECT create_reference_table('catalog_release_edits');
SELECT create_reference_table('policies');
SELECT create_reference_table('rule_sets');
SELECT create_reference_table('principals');
SELECT create_reference_table('oversight_documents');
SELECT create_reference_table('supervision_cases');
SELECT create_reference_table('reconciliations');
SELECT create_reference_table('value_observations');
SELECT create_reference_table('value_outcomes');
SELECT create_reference_table('value_period_runs');
SELECT create_reference_table('admission_assessments');
SELECT create_reference_table('special_case_requests');
SELECT create_reference_table('review_runs');
SELECT create_reference_table('simulations');

-- The coordinator's own tables: one-row counters and the one audit log. The audit log is one
-- Merkle tree with one contiguous sequence (RFC 6962), appended in every state change's
-- transaction: its counter row orders every writer, on one server as on a cluster. Kept on the
-- coordinator, in the same transaction as the worker's rows (Citus commits both with two-phase
-- commit). The derived KPI facts are rebuilt from the ledger by the coordinator; the rate-limit
-- buckets are unlogged scratch state; data_version is read by every request of every server;
-- demo_seeding marks the demo data's seeding.
SELECT citus_add_local_table_to_metadata('audit_log');
SELECT citus_add_local_table_to_metadata('audit_counter');
SELECT citus_add_local_table_to_metadata('audit_tree_heads');
SELECT citus_add_local_table_to_metadata('audit_keys');
SELECT citus_add_local_table_to_metadata('kpi_facts');
SELECT citus_add_local_table_to_metadata('kpi_fact_state');
SELECT citus_add_local_table_to_metadata('data_version');
SELECT citus_add_local_table_to_metadata('rate_buckets');
SELECT citus_add_local_table_to_metadata('demo_seeding');
SELECT citus_add_local_table_to_metadata('openpayer_migrations');

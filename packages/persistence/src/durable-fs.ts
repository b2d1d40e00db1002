import fs from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * PGlite's files in a folder, made durable. PGlite starts PostgreSQL with `-F` (fsync = off), and
 * the Emscripten file system it writes through (NODEFS) has no fsync at all: a committed
 * transaction reached the operating system's cache, so it survived the process being killed, but
 * not a power loss. Here the file system's streams get an fsync that calls the kernel's, and the
 * server runs with fsync on and `wal_sync_method = fsync` (Emscripten's fdatasync does nothing):
 * a commit returns once its WAL is on disk. The ledger's group commit makes that one flush per
 * group of settlements.
 */
export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const base = await super.init(pg, opts);
    const preRun = base.emscriptenOpts.preRun ?? [];
    return {
      emscriptenOpts: {
        ...base.emscriptenOpts,
        preRun: [
          ...preRun,
          (mod: { NODEFS: { stream_ops: Record<string, unknown> } }) => {
            mod.NODEFS.stream_ops['fsync'] = (stream: { nfd?: number }) => {
              if (stream.nfd !== undefined) fs.fsyncSync(stream.nfd);
              return 0;
            };
          },
        ],
      },
    };
  }
}

/**
 * PGlite's own start parameters (`PGlite.defaultStartParams` in 0.5) without `-F`, and WAL flushed
 * with fsync. Kept here, not read from PGlite, so an upgrade that changes its defaults is seen in
 * review and by the durability test.
 */
export const DURABLE_START_PARAMS = [
  '--single',
  '-O',
  '-j',
  '-c',
  'search_path=public',
  '-c',
  'exit_on_error=false',
  '-c',
  'log_checkpoints=false',
  '-c',
  'max_worker_processes=0',
  '-c',
  'max_parallel_workers=0',
  '-c',
  'max_parallel_workers_per_gather=0',
  '-c',
  'io_method=sync',
  '-c',
  'max_parallel_maintenance_workers=0',
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
];

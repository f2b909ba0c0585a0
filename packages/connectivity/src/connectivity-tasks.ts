import { ROW_TASKS } from './parallel-build.js';
import { FIXED_INDEGREE_TASKS } from './rules/fixed-indegree.js';
import { serveWorkerTasks, WorkerPool, type WorkerTaskTable } from './worker-pool.js';

/**
 * The loops a parallel connectivity build runs. A package that builds on this one (the simulator's
 * network plan) adds its own loops to these and serves the whole table from its own module.
 */
export const CONNECTIVITY_TASKS: WorkerTaskTable = { ...FIXED_INDEGREE_TASKS, ...ROW_TASKS };

const CONNECTIVITY_TABLE = 'spikegpu.connectivity';

/** A pool for `buildConnectivity`'s `threads`, whose workers load this module. */
export function openConnectivityPool(threads: number): WorkerPool {
  return WorkerPool.open({ threads, table: CONNECTIVITY_TABLE, tasks: CONNECTIVITY_TASKS, moduleUrl: import.meta.url });
}

// In a worker of such a pool: serve it (never returns). Anywhere else: nothing.
serveWorkerTasks(CONNECTIVITY_TABLE, CONNECTIVITY_TASKS);

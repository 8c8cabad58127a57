/**
 * Benchmarks. `npm run bench -- startup` (needs `npm run build`) and `npm run bench -- latency`.
 * BENCH_DATABASE_URL=postgres://… adds PostgreSQL runs (each in a fresh database, dropped after).
 */
import { startup } from './startup.js';
import { latency } from './latency.js';

const which = process.argv[2] ?? 'all';
if (which === 'startup' || which === 'all') await startup();
if (which === 'latency' || which === 'all') await latency();

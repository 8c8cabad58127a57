/**
 * Benchmarks. `npm run bench -- startup` (needs `npm run build`), `npm run bench -- latency`,
 * `npm run bench -- dossiers`, `npm run bench -- onboarding` (PostgreSQL: the national register and 20,000 officials), `npm run bench -- outbox`, `npm run bench -- indicators` (PostgreSQL only;
 * BENCH_DOSSIERS=10000000 for the national-scale record), `npm run bench -- results` (signing results) and `npm run bench -- migration` (the dry run over a
 * generated provincial export; BENCH_DOSSIERS=1000000 for the figure), `npm run bench -- prepared` (prepared statements against none, PostgreSQL only), `npm run bench -- peak` (the load
 * at 10× the national peak: 200 intakes/s and 2,000 public lookups/s; PostgreSQL only), `npm run bench -- restore-drill`
 * (a Patroni cluster of its own, BENCH_DOSSIERS imported, backed up and restored by `motcua restore-drill`).
 * BENCH_DATABASE_URL=postgres://… adds PostgreSQL runs (each in a fresh database, dropped after).
 */
import { startup } from './startup.js';
import { latency } from './latency.js';
import { dossiers } from './dossiers.js';
import { outbox } from './outbox.js';
import { indicators } from './indicators.js';
import { results } from './results.js';
import { onboarding } from './onboarding.js';
import { migration } from './migration.js';
import { peak } from './peak.js';
import { restoreDrill } from './restoreDrill.js';
import { prepared } from './prepared.js';

const which = process.argv[2] ?? 'all';
if (which === 'startup' || which === 'all') await startup();
if (which === 'latency' || which === 'all') await latency();
if (which === 'dossiers' || which === 'all') await dossiers();
if (which === 'outbox' || which === 'all') await outbox();
if (which === 'indicators' || which === 'all') await indicators();
if (which === 'results' || which === 'all') await results();
if (which === 'onboarding' || which === 'all') await onboarding();
if (which === 'migration' || which === 'all') await migration();
if (which === 'peak' || which === 'all') await peak();
if (which === 'prepared' || which === 'all') await prepared();
// Not part of 'all': it starts a Patroni cluster of its own (deploy/local-cluster/postgres-ha.sh).
if (which === 'restore-drill') await restoreDrill();

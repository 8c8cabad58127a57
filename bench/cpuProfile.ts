import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';

/**
 * Runs `work` under the V8 CPU profiler of this process when `file` is given: the profile is
 * written there (open it in Chrome DevTools), and where the samples fell is printed per package,
 * as milliseconds of CPU per request.
 */
export async function profiled<T>(
  file: string | undefined,
  requests: number,
  work: () => Promise<T>,
): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    console.log(`CPU profile of ${requests} requests in ${file}; self time per request by where it ran:`);
    for (const [where, ms] of selfTimeByPackage(profile).slice(0, 14))
      console.log(`  ${where.padEnd(32)} ${(ms / requests).toFixed(3)} ms`);
  }
}

/** Self time of a profile's samples, by package (node_modules/<name>), Node's own code, or motcua's. */
function selfTimeByPackage(profile: Profiler.Profile): [string, number][] {
  const where = new Map<number, string>();
  for (const node of profile.nodes) {
    const url = node.callFrame.url;
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    where.set(
      node.id,
      pkg ??
        (url.includes('deps/undici')
          ? 'fetch (the load generator)'
          : url.startsWith('node:')
            ? 'node (its own JavaScript)'
            : url.includes('/src/') || url.includes('/bench/')
              ? 'motcua (src, bench)'
              : url === ''
                ? node.callFrame.functionName || '(native)'
                : url),
    );
  }
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const totals = new Map<string, number>();
  samples.forEach((id, i) => {
    const key = where.get(id) ?? '?';
    totals.set(key, (totals.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

import { cpus, loadavg } from 'node:os';

/** One line naming what the figures were measured on. */
export function describeMachine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown cpu';
  return `${model}, ${list.length} cores, node ${process.versions.node} (undici ${process.versions.undici ?? '?'})`;
}

/** 1, 5 and 15 minute load averages: figures taken on a machine busy with other work are noisy. */
export function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
}

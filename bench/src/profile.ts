import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  /** file:line, relative to the repository where it can be. */
  where: string;
  /** Self time, ms. */
  ms: number;
  /** Share of the busy (non-idle) time. */
  percent: number;
}

/** The functions with the most self time in a profile: where a server's CPU goes. */
export function hottest(file: string, root: string, count = 15): HotFunction[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, HotFunction>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (frame === undefined || frame.functionName === '(idle)') return;
    busy += us;
    const url = frame.url.replace(/^file:\/\//, '').replace(`${root}/`, '');
    const where = url ? `${url}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}@${where}`;
    const entry = self.get(key) ?? { name: frame.functionName || '(anonymous)', where, ms: 0, percent: 0 };
    entry.ms += us / 1000;
    self.set(key, entry);
  });
  const list = [...self.values()].sort((a, b) => b.ms - a.ms).slice(0, count);
  for (const entry of list) entry.percent = busy > 0 ? (entry.ms * 1000 * 100) / busy : 0;
  return list;
}

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

export interface FunctionDiff {
  name: string;
  where: string;
  /** Self time per request, µs, in the first and the second profile. */
  a: number;
  b: number;
  diff: number;
}

/**
 * Two servers' profiles of the same load, function by function: self time per request in each and
 * the difference, the largest differences first. A function is named by its file below
 * node_modules (or the repository), so the two servers' copies of Fastify line up.
 */
export function compareProfiles(
  first: { file: string; requests: number },
  second: { file: string; requests: number },
  count = 25,
): FunctionDiff[] {
  const perRequest = ({ file, requests }: { file: string; requests: number }) => {
    const out = new Map<string, { name: string; where: string; us: number }>();
    for (const f of hottest(file, '', Number.POSITIVE_INFINITY)) {
      const where = f.where.replace(/^.*node_modules\//, '').replace(/^.*\/(packages|bench)\//, '$1/');
      const key = `${f.name}@${where}`;
      const entry = out.get(key) ?? { name: f.name, where, us: 0 };
      entry.us += (f.ms * 1000) / Math.max(1, requests);
      out.set(key, entry);
    }
    return out;
  };
  const a = perRequest(first);
  const b = perRequest(second);
  const rows: FunctionDiff[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    const name = (x ?? y)!.name;
    const where = (x ?? y)!.where;
    rows.push({ name, where, a: x?.us ?? 0, b: y?.us ?? 0, diff: (y?.us ?? 0) - (x?.us ?? 0) });
  }
  return rows.sort((p, q) => Math.abs(q.diff) - Math.abs(p.diff)).slice(0, count);
}

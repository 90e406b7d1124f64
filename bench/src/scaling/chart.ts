import type { AxisResult } from './run';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const W = 760;
const H = 420;
const M = { left: 60, right: 250, top: 40, bottom: 50 };

/** One line of the chart: points of (size of the work, ratio to raw Fastify). */
interface Line {
  label: string;
  color: string;
  dashed: boolean;
  points: [number, number][];
}

function linesOf(axes: AxisResult[]): Line[] {
  const lines: Line[] = [];
  axes.forEach((axis, i) => {
    const color = COLORS[i % COLORS.length];
    const of = (server: string) =>
      axis.points
        .filter((p) => p.servers[server] !== undefined)
        .map((p): [number, number] => [p.size, p.servers[server].ratio]);
    lines.push({ label: `arobase: ${axis.id}`, color, dashed: false, points: of('arobase') });
    if (axis.points.some((p) => p.servers.nest !== undefined))
      lines.push({ label: `NestJS: ${axis.id}`, color, dashed: true, points: of('nest') });
    if (axis.points.some((p) => p.startupRatio !== undefined)) {
      lines.push({
        label: `arobase: ${axis.id}, start-up`,
        color,
        dashed: true,
        points: axis.points.map((p): [number, number] => [p.size, p.startupRatio!]),
      });
    }
  });
  return lines;
}

/**
 * The scaling table as a chart: CPU per request (start-up CPU for the routes' dashed line) over
 * raw Fastify's, against the size of the work, one line per axis. Both scales are logarithmic: the
 * sizes run from 0 middleware to 2,000 routes (x is 1 + the size), and NestJS's ratios from 1× to
 * 10× and more.
 */
export function scalingChart(axes: AxisResult[], title: string): string {
  const lines = linesOf(axes);
  const xs = lines.flatMap((l) => l.points.map(([x]) => Math.log10(1 + x)));
  const ys = lines.flatMap((l) => l.points.map(([, y]) => y)).filter((y) => Number.isFinite(y) && y > 0);
  const x0 = 0;
  const x1 = Math.max(1, ...xs);
  // From the largest tick at or below the lowest ratio to the smallest at or above the highest.
  const TICKS = [0.5, 0.8, 1, 1.25, 1.5, 2, 3, 5, 10, 20, 50];
  const low = Math.min(0.8, ...ys);
  const high = Math.max(1.25, ...ys);
  const first = Math.max(
    0,
    TICKS.findLastIndex((t) => t <= low),
  );
  const last = TICKS.findIndex((t) => t >= high);
  const yTicks = TICKS.slice(first, last < 0 ? TICKS.length : last + 1);
  const y0 = Math.log10(yTicks[0]);
  const y1 = Math.log10(yTicks[yTicks.length - 1]);
  const px = (x: number) => M.left + ((Math.log10(1 + x) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((Math.log10(y) - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const t of yTicks) {
    const y = py(t).toFixed(1);
    const stroke = t === 1 ? '#000' : '#ddd';
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="${stroke}"/>`);
    out.push(`<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${t}×</text>`);
  }
  for (const t of [0, 1, 3, 10, 50, 200, 500, 2000].filter((v) => Math.log10(1 + v) <= x1 + 1e-9)) {
    const x = px(t).toFixed(1);
    out.push(`<line x1="${x}" x2="${x}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(
      `<text x="${x}" y="${H - M.bottom + 16}" text-anchor="middle">${t.toLocaleString('en-US')}</text>`,
    );
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">size of the work (posts, routes, middleware, dependencies, connections; log scale of 1 + size)</text>`,
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">× raw Fastify (server CPU per request)</text>`,
  );
  lines.forEach((line, i) => {
    const pts = line.points.filter(([, y]) => Number.isFinite(y) && y > 0);
    const d = pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    const dash = line.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<polyline points="${d}" fill="none" stroke="${line.color}" stroke-width="2"${dash}/>`);
    for (const [x, y] of pts) {
      out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${line.color}"/>`);
    }
    const ly = M.top + 10 + i * 18;
    const lx = W - M.right + 16;
    out.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${line.color}" stroke-width="2"${dash}/>`,
    );
    out.push(`<text x="${lx + 30}" y="${ly}" dominant-baseline="middle">${escapeXml(line.label)}</text>`);
  });
  out.push('</svg>', '');
  return out.join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

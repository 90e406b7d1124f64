import { describeRoutes, type RouteDescription } from '@arobase/core';
import { CONTROLLERS } from '../app';

const COLUMNS: [string, (r: RouteDescription) => string][] = [
  ['METHOD', (r) => r.method],
  ['PATH', (r) => r.path],
  ['STATUS', (r) => String(r.status)],
  ['RESPONSE MODEL', (r) => r.responseModel ?? '-'],
  ['RESPONSE CLASS', (r) => r.responseClass],
  ['HANDLER', (r) => r.handler],
];

/** `blog routes`: the route table, read from the decorators without opening the database. */
export function routesTable(): string {
  const routes = describeRoutes(CONTROLLERS);
  const rows = [COLUMNS.map(([title]) => title), ...routes.map((r) => COLUMNS.map(([, cell]) => cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n\n${routes.length} routes; every GET route also answers HEAD.\n`;
}

/** `blog routes --json`. */
export function routesJson(): string {
  return `${JSON.stringify(describeRoutes(CONTROLLERS), null, 2)}\n`;
}

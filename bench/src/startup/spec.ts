// The start-up app, as data: 50 models and 200 routes that the arobase app and the hand-written
// Fastify app both build from, so the two register exactly the same thing.

export type FieldKind = 'number' | 'string' | 'boolean' | 'date' | 'list';
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** For a list: the index of the model of its items. */
  of?: number;
}
export interface ModelSpec {
  name: string;
  fields: FieldSpec[];
}
export interface RouteSpec {
  controller: number;
  prefix: string;
  key: string;
  path: string;
  model: number;
}

/** How big a start-up app is: the bench's is 200 routes and 50 models; --scaling tries others. */
export interface AppSize {
  routes: number;
  models: number;
}
export const LARGE_APP: AppSize = { routes: 200, models: 50 };
/** A small app: three routes answering one model. */
export const SMALL_APP: AppSize = { routes: 3, models: 1 };
export const ROUTES_PER_CONTROLLER = 10;

/**
 * The route both apps are asked once they are up (on the large app /c3/r3/7, Model24, which nests
 * Model23): the answers must be identical. --scaling loads it to measure the per-request cost.
 */
export function sampleUrl(size: AppSize): string {
  const route = routes(size)[Math.min(33, size.routes - 1)];
  return `${route.prefix}${route.path.replace(':id', '7')}`;
}

/** `--routes N --models M [--serve]`, as the start-up children are called. */
export function parseAppArgs(argv: string[]): AppSize & { serve: boolean } {
  const value = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return {
    routes: value('--routes', LARGE_APP.routes),
    models: value('--models', LARGE_APP.models),
    serve: argv.includes('--serve'),
  };
}

const KINDS: FieldKind[] = ['number', 'string', 'string', 'boolean', 'number', 'date', 'string', 'string'];

export function models(size: AppSize): ModelSpec[] {
  const out: ModelSpec[] = [];
  for (let m = 0; m < size.models; m++) {
    const fields: FieldSpec[] = KINDS.map((kind, f) => ({ name: `f${f}_${kind}`, kind }));
    // One model in five nests a list of the model before it.
    if (m % 5 === 4) fields.push({ name: 'items', kind: 'list', of: m - 1 });
    out.push({ name: `Model${m}`, fields });
  }
  return out;
}

export function routes(size: AppSize): RouteSpec[] {
  const out: RouteSpec[] = [];
  for (let c = 0; c * ROUTES_PER_CONTROLLER < size.routes; c++) {
    for (let r = 0; r < ROUTES_PER_CONTROLLER && out.length < size.routes; r++) {
      out.push({
        controller: c,
        prefix: `/c${c}`,
        key: `r${r}`,
        path: `/r${r}/:id`,
        model: (c * 7 + r) % size.models,
      });
    }
  }
  return out;
}

/** A row of a model, with a field the model does not declare (which must never be sent). */
export function row(all: ModelSpec[], index: number, seed = 1): Record<string, unknown> {
  const out: Record<string, unknown> = { secret: `hidden-${index}` };
  for (const field of all[index].fields) {
    switch (field.kind) {
      case 'number':
        out[field.name] = seed * 10 + index;
        break;
      case 'string':
        out[field.name] = `${field.name} of ${all[index].name} #${seed}`;
        break;
      case 'boolean':
        out[field.name] = seed % 2 === 0;
        break;
      case 'date':
        out[field.name] = new Date(Date.UTC(2024, 0, 1 + seed));
        break;
      case 'list':
        out[field.name] = [row(all, field.of!, seed + 1), row(all, field.of!, seed + 2)];
        break;
    }
  }
  return out;
}

/** What a start-up child prints on its last line. */
export interface StartupReport {
  /** ms since the process started, when the framework's modules were loaded. */
  loaded: number;
  /** ms since the process started, when the app listened with every route registered. */
  ready: number;
  /** CPU time (user + system, all threads) the process had used when it listened, ms. */
  cpu: number;
  routes: number;
  sample: string;
}

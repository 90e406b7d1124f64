import type { ScannedRoute } from '../compile/scan';
import { type JsonSchema, SchemaComponents } from '../models/json-schema/components';
import type { RoutePlan } from '../runtime/plan';
import type { OpenAPIOptions } from './options';
import { routeInputs } from './parameters';
import { openapiPath } from './paths';
import { operationResponses } from './responses';

/** An OpenAPI 3.1 document, as plain data. */
export type OpenAPIDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema> };
  [key: string]: unknown;
};

/** A route as the document sees it: what the decorators said, and what start-up made of it. */
export interface DocumentedRoute {
  readonly scanned: ScannedRoute;
  readonly plan: RoutePlan;
}

export const DEFAULT_INFO = { title: 'API', version: '0.1.0' };

/**
 * Builds the document of an app's routes, once, on first use: nothing of it runs per request.
 *
 * @example
 * ```ts
 * const doc = buildDocument(routes, { info: { title: 'Blog', version: '1.0.0' } });
 * doc.paths['/posts/{id}'].get.operationId; // 'Posts_get'
 * ```
 */
export function buildDocument(
  routes: readonly DocumentedRoute[],
  options: OpenAPIOptions = {},
): OpenAPIDocument {
  const components = new SchemaComponents();
  const paths: OpenAPIDocument['paths'] = {};
  const ids = operationIds(routes);
  for (const [i, { scanned, plan }] of routes.entries()) {
    const { controller, meta, route, url } = scanned;
    const operationId = ids[i];
    if (operationId === undefined) continue;
    const method = route.method.toLowerCase();
    const inputs = routeInputs(controller, route.propertyKey, url, components);
    const base = baseName(controller);
    const operation: JsonSchema = {
      tags: route.options.tags ?? meta.options.tags ?? [base],
      summary: route.options.summary,
      description: route.options.description,
      operationId,
      deprecated: route.options.deprecated,
      parameters: inputs.parameters.length > 0 ? inputs.parameters.map(clean) : undefined,
      requestBody: inputs.body && {
        required: inputs.body.required,
        content: { 'application/json': { schema: inputs.body.schema } },
      },
      responses: operationResponses(
        {
          status: plan.status ?? defaultStatus(plan.responseClass),
          responseClass: plan.responseClass,
          model: plan.model,
          headers: plan.staticHeaders,
          documented: route.options.responses,
          readsInput: inputs.readsInput,
          // A HEAD answer has no body, whatever its class would render.
          head: route.method === 'HEAD',
        },
        components,
      ),
    };
    const path = openapiPath(url);
    paths[path] ??= {};
    paths[path][method] = clean(operation);
  }
  const document: OpenAPIDocument = {
    openapi: '3.1.0',
    info: { ...DEFAULT_INFO, ...options.info },
    paths,
    components: { schemas: components.schemas },
  };
  if (options.servers !== undefined) document.servers = options.servers;
  return document;
}

/**
 * Each route's operationId (`undefined` for a route left out of the document), from the decorators
 * alone: start-up calls it to refuse two operations with one id without building any schema.
 */
export function operationIds(routes: readonly DocumentedRoute[]): (string | undefined)[] {
  const ids = new Map<string, string>();
  return routes.map(({ scanned, plan }) => {
    const { controller, route } = scanned;
    if (route.options.includeInSchema === false) return undefined;
    const base = baseName(controller);
    let operationId = route.options.operationId;
    if (operationId !== undefined) {
      const other = ids.get(operationId);
      if (other !== undefined) {
        throw new TypeError(`arobase: ${plan.label} and ${other} have the same operationId '${operationId}'`);
      }
    } else {
      operationId = `${base}_${String(route.propertyKey)}`;
      for (let n = 2; ids.has(operationId); n++) operationId = `${base}_${String(route.propertyKey)}_${n}`;
    }
    ids.set(operationId, plan.label);
    return operationId;
  });
}

function baseName(controller: Function): string {
  return controller.name.replace(/Controller$/, '') || controller.name;
}

function defaultStatus(cls: unknown): number {
  return (cls as { defaultStatus?: number } | undefined)?.defaultStatus ?? 200;
}

/** Without the keys left undefined, so the JSON reads as written. */
function clean<T extends object>(value: T): T {
  for (const key in value) if (value[key] === undefined) delete value[key];
  return value;
}

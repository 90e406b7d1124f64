import { isProviderClass } from '../compile/dependency';
import { getParams, getParamTypes } from '../metadata/store';
import type { ParamMetadata } from '../metadata/types';
import type { JsonSchema, SchemaComponents } from '../models/json-schema/components';
import { inputFields, inputSchema } from '../models/json-schema/request-schema';
import { templateNames, WILDCARD } from './paths';

/** An OpenAPI Parameter Object. */
export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  deprecated?: boolean;
  example?: unknown;
  schema: JsonSchema;
}

/** What a route reads from the request, its dependencies' reads included. */
export interface RouteInputs {
  parameters: ParameterObject[];
  body: { schema: JsonSchema; required: boolean } | undefined;
  /** Anything the validator may refuse with a 422. */
  readsInput: boolean;
}

const IN: Partial<Record<ParamMetadata['source'], ParameterObject['in']>> = {
  path: 'path',
  query: 'query',
  header: 'header',
  cookie: 'cookie',
};

/** The parameters and body of a route method, walking the class providers it `@Depends` on. */
export function routeInputs(
  cls: Function,
  method: string | symbol,
  url: string,
  components: SchemaComponents,
): RouteInputs {
  const inputs: RouteInputs = { parameters: [], body: undefined, readsInput: false };
  const seen = new Set<string>();
  const add = (p: ParameterObject) => {
    const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    inputs.parameters.push(p);
  };
  collect(cls, method, inputs, add, components, new Set());
  // Every name of the path template is a parameter, read or not (a prefix's `:tenant`, say).
  for (const name of templateNames(url))
    add({ name, in: 'path', required: true, schema: { type: 'string' } });
  return inputs;
}

function collect(
  cls: Function,
  method: string | symbol,
  inputs: RouteInputs,
  add: (p: ParameterObject) => void,
  components: SchemaComponents,
  visited: Set<unknown>,
): void {
  const types = getParamTypes(cls, method);
  for (const param of getParams(cls, method)) {
    const type = param.type ?? types?.[param.index];
    if (param.source === 'depends') {
      const provider = param.provider;
      if (isProviderClass(provider) && !visited.has(provider)) {
        visited.add(provider);
        collect(provider, 'resolve', inputs, add, components, visited);
      }
      continue;
    }
    if (param.source === 'body') {
      inputs.readsInput = true;
      inputs.body = bodyOf(param, type, components);
      continue;
    }
    const where = IN[param.source];
    if (where === undefined) continue;
    inputs.readsInput = true;
    if (param.source === 'query' && param.name === undefined) {
      if (isClass(type)) {
        for (const field of inputFields(type, components, true)) {
          add({ name: field.name, in: 'query', required: field.required || undefined, schema: field.schema });
        }
      }
      continue;
    }
    const name = param.source === 'path' && param.name === '*' ? WILDCARD : param.name!;
    const doc = param.doc ?? {};
    add({
      name,
      in: where,
      required: where === 'path' || param.required === true || undefined,
      description:
        doc.description ??
        (param.signed ? 'Signed cookie: a tampered or unsigned value reads as absent.' : undefined),
      deprecated: doc.deprecated,
      example: doc.example,
      schema: scalarSchema(type),
    });
  }
}

function bodyOf(param: ParamMetadata, type: unknown, components: SchemaComponents): RouteInputs['body'] {
  if (param.raw === true) return { schema: {}, required: param.required === true };
  // A model requires a body (a 422 `missing`); a scalar or a list may be left out.
  if (isClass(type)) return { schema: inputSchema(type, components), required: true };
  return {
    schema: type === Array ? { type: 'array' } : scalarSchema(type),
    required: param.required === true,
  };
}

function isClass(type: unknown): type is Function {
  return (
    typeof type === 'function' &&
    !SCALARS.has(type) &&
    type !== Object &&
    type !== Array &&
    type !== Function &&
    type !== Promise
  );
}

/** The schema of a value read from text and coerced to its declared type. */
function scalarSchema(type: unknown): JsonSchema {
  const known = SCALARS.get(type);
  return known === undefined ? {} : { ...known };
}

const SCALARS = new Map<unknown, JsonSchema>([
  [String, { type: 'string' }],
  [Number, { type: 'number' }],
  [Boolean, { type: 'boolean' }],
  [Date, { type: 'string', format: 'date-time' }],
  [Array, { type: 'array', items: { type: 'string' } }],
]);

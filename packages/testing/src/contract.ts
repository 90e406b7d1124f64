import type { FastifyInstance } from 'fastify';

type Schema = Record<string, any>;
/** The parts of an OpenAPI 3.1 document a contract check reads. */
export interface ContractDocument {
  paths?: Record<string, Record<string, Schema>>;
  components?: Schema;
  [key: string]: unknown;
}

/** A response as the check sees it: status, lower-cased headers, the body's bytes. */
export interface CheckedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | string;
}

/**
 * The differences between a response and what the OpenAPI document says of its operation: an
 * undocumented status, another content type, a body that fails the schema (checked with ajv), a
 * documented header missing. A request to a path the document does not describe is not checked.
 *
 * @example
 * ```ts
 * const contract = new Contract(openapiDocument(app));
 * contract.problems('GET', '/posts/1', res); // [] or ['Posts_get (GET /posts/{id}) answered 200: ...']
 * ```
 */
export class Contract {
  private readonly routes: {
    method: string;
    template: string;
    pattern: RegExp;
    statics: number;
    operation: Schema;
  }[] = [];
  private readonly validators = new Map<string, (value: unknown) => boolean>();
  private readonly ajv: any;

  constructor(readonly document: ContractDocument) {
    const Ajv2020 = require('ajv/dist/2020').default;
    const addFormats = require('ajv-formats').default ?? require('ajv-formats');
    // Not strict: the document holds OpenAPI keywords (`example`, `xml`) around its schemas.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document, DOC);
    for (const [template, operations] of Object.entries(document.paths ?? {})) {
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
      const pattern = new RegExp(`^${source.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
      const statics = template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
      for (const [method, operation] of Object.entries(operations)) {
        if (!METHODS.has(method)) continue;
        this.routes.push({ method: method.toUpperCase(), template, pattern, statics, operation });
      }
    }
    // `/posts/latest` before `/posts/{id}`: the most literal template wins, as in the router.
    this.routes.sort((a, b) => b.statics - a.statics);
  }

  /** Every difference between the response and the document, each naming the operation. */
  problems(method: string, url: string, res: CheckedResponse): string[] {
    const verb = method.toUpperCase();
    const path = url.split('?')[0];
    const lookup = verb === 'HEAD' ? ['HEAD', 'GET'] : [verb];
    const route = lookup
      .map((m) => this.routes.find((r) => r.method === m && r.pattern.test(path)))
      .find((r) => r !== undefined);
    if (route === undefined) return [];
    const { operation } = route;
    const name = `${operation.operationId ?? route.template} (${route.method} ${route.template})`;
    const at = `${name} answered ${res.status}`;
    const responses: Record<string, Schema> = operation.responses ?? {};
    const key = [String(res.status), `${String(res.status)[0]}XX`, 'default'].find((k) => k in responses);
    if (key === undefined) {
      return [`${at}, a status the document does not list (it lists ${Object.keys(responses).join(', ')})`];
    }
    const documented = responses[key];
    const pointer = `#/paths/${pointerSegment(route.template)}/${route.method.toLowerCase()}/responses/${key}`;
    const problems: string[] = [];
    for (const [header, spec] of Object.entries<Schema>(documented.headers ?? {})) {
      if (spec.required === false) continue;
      if (res.headers[header.toLowerCase()] === undefined)
        problems.push(`${at} without its documented header ${header}`);
    }
    const body = typeof res.body === 'string' ? Buffer.from(res.body) : res.body;
    const content: Record<string, Schema> | undefined = documented.content;
    const header = res.headers['content-type'];
    const type = (Array.isArray(header) ? header[0] : header)?.split(';')[0].trim().toLowerCase();
    if (content === undefined) {
      if (body.length > 0)
        problems.push(`${at} with a ${type ?? 'untyped'} body where the document says none`);
      return problems;
    }
    if (verb === 'HEAD' || (body.length === 0 && type === undefined)) return problems;
    const media = Object.keys(content).find((m) => matches(m, type));
    if (media === undefined) {
      problems.push(
        `${at} with content type ${type ?? '(none)'}, the document says ${Object.keys(content).join(' or ')}`,
      );
      return problems;
    }
    const schema = content[media].schema;
    if (schema === undefined || !/json/.test(media)) return problems;
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      problems.push(`${at} with a body that is not JSON`);
      return problems;
    }
    const validate = this.validator(`${pointer}/content/${pointerSegment(media)}/schema`);
    if (!validate(value)) {
      const errors = ((validate as any).errors ?? []) as {
        instancePath: string;
        message?: string;
        params?: unknown;
      }[];
      const detail = errors
        .map((e) => `${e.instancePath || '(body)'} ${e.message}${extra(e.params)}`)
        .join('; ');
      problems.push(`${at} with a body that does not match its schema: ${detail}; body: ${excerpt(body)}`);
    }
    return problems;
  }

  private validator(pointer: string): (value: unknown) => boolean {
    let validate = this.validators.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.getSchema(`${DOC}${pointer}`) as (value: unknown) => boolean;
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}

/** The document of an app: arobase's (`openapiDocument`), or @fastify/swagger's. */
export function documentOf(app: FastifyInstance): ContractDocument {
  try {
    const core = require('@arobase/core') as { openapiDocument(app: FastifyInstance): ContractDocument };
    return core.openapiDocument(app);
  } catch (error) {
    const swagger = (app as { swagger?: () => ContractDocument }).swagger;
    if (typeof swagger === 'function') return swagger.call(app);
    throw error;
  }
}

const contracts = new WeakMap<object, Contract>();

/** One `Contract` per app (its document is built once), for the responses of a ready app. */
export function contractOf(app: FastifyInstance): Contract {
  let contract = contracts.get(app);
  if (contract === undefined) {
    contract = new Contract(documentOf(app));
    contracts.set(app, contract);
  }
  return contract;
}

/** A response that broke the contract; its message lists every difference. */
export class ContractError extends Error {
  constructor(readonly problems: string[]) {
    super(`Response does not match the OpenAPI document: ${problems.join('\n  ')}`);
    this.name = 'ContractError';
  }
}

const DOC = 'openapi-document';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function matches(documented: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const [type, sub] = documented.toLowerCase().split('/');
  const [aType, aSub] = actual.split('/');
  return (type === '*' || type === aType) && (sub === '*' || sub === aSub);
}

function extra(params: unknown): string {
  if (params === null || typeof params !== 'object') return '';
  const p = params as Record<string, unknown>;
  if (typeof p.additionalProperty === 'string') return ` (${p.additionalProperty})`;
  if (typeof p.missingProperty === 'string') return '';
  return '';
}

function excerpt(body: Buffer): string {
  const text = body.toString('utf8');
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

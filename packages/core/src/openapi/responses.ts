import { STATUS_CODES } from 'node:http';
import type { ResponseClass } from '../http/response';
import { isBodyless } from '../http/status';
import type { DocumentedResponse, ResponseModelMetadata } from '../metadata/types';
import { COMPONENTS_PREFIX, type JsonSchema, type SchemaComponents } from '../models/json-schema/components';
import { responseSchema } from '../models/json-schema/response-schema';
import { bodyKind } from './media-types';

/** An OpenAPI Response Object. */
export interface ResponseObject {
  description: string;
  headers?: Record<string, { description?: string; required?: boolean; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface ResponseFacts {
  status: number;
  responseClass: ResponseClass | undefined;
  model: ResponseModelMetadata | undefined;
  /** Static headers (lower-cased names) sent with every successful answer. */
  headers: readonly (readonly [string, string])[];
  documented: Record<number, DocumentedResponse> | undefined;
  readsInput: boolean;
  head: boolean;
}

/** The responses of one operation: its own status, the 422 of bad input, and those documented. */
export function operationResponses(
  facts: ResponseFacts,
  components: SchemaComponents,
): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  const own: ResponseObject = { description: 'Successful Response' };
  const kind = bodyKind(facts.responseClass);
  if (!facts.head && !isBodyless(facts.status) && kind.mediaType !== undefined) {
    const schema = facts.model ? responseSchema(facts.model, components) : { ...kind.schema };
    own.content = { [kind.mediaType]: { schema } };
  }
  const headers = facts.headers
    .filter(([name]) => name !== 'content-type')
    .map(([name]): [string, { required: boolean; schema: JsonSchema }] => [
      name,
      { required: true, schema: { type: 'string' } },
    ]);
  if (facts.status >= 300 && facts.status < 400 && kind.mediaType === undefined) {
    headers.push(['location', { required: true, schema: { type: 'string', format: 'uri-reference' } }]);
  }
  if (headers.length > 0) own.headers = Object.fromEntries(headers);
  responses[facts.status] = own;
  if (facts.readsInput) {
    responses[422] = {
      description: 'Validation Error',
      content: { 'application/json': { schema: validationErrorRef(components) } },
    };
  }
  for (const [key, doc] of Object.entries(facts.documented ?? {})) {
    const status = Number(key);
    responses[status] = documentedResponse(status, doc, responses[status], components);
  }
  return responses;
}

function documentedResponse(
  status: number,
  doc: DocumentedResponse,
  base: ResponseObject | undefined,
  components: SchemaComponents,
): ResponseObject {
  const out: ResponseObject = {
    ...base,
    description: doc.description ?? base?.description ?? STATUS_CODES[status] ?? `Status ${status}`,
  };
  if (!isBodyless(status)) {
    const mediaType = doc.mediaType ?? (doc.model ? 'application/json' : undefined);
    if (doc.model !== undefined) {
      const [model, isArray] = Array.isArray(doc.model) ? [doc.model[0], true] : [doc.model, false];
      out.content = { [mediaType!]: { schema: responseSchema({ model, isArray, options: {} }, components) } };
    } else if (doc.mediaType !== undefined) {
      const schema = out.content ? Object.values(out.content)[0].schema : { type: 'string' };
      out.content = { [doc.mediaType]: { schema } };
    } else if (base?.content === undefined && status >= 400) {
      // arobase answers every error as `{"detail": ...}`.
      out.content = { 'application/json': { schema: httpErrorRef(components) } };
    }
  }
  if (doc.headers !== undefined) {
    out.headers = { ...out.headers };
    for (const [name, header] of Object.entries(doc.headers)) {
      // Documented as sent: the contract check of @arobase/testing holds the app to it.
      out.headers[name] = { ...header, required: true, schema: { type: 'string' } };
    }
  }
  return out;
}

/** FastAPI's names and shapes for the 422 body. */
export function validationErrorRef(components: SchemaComponents): JsonSchema {
  if (components.has('HTTPValidationError')) return { $ref: `${COMPONENTS_PREFIX}HTTPValidationError` };
  const issue = components.fixed('ValidationError', {
    type: 'object',
    properties: {
      loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
      msg: { type: 'string' },
      type: { type: 'string' },
      input: {},
    },
    required: ['loc', 'msg', 'type'],
  });
  return components.fixed('HTTPValidationError', {
    type: 'object',
    properties: { detail: { type: 'array', items: issue } },
    required: ['detail'],
  });
}

function httpErrorRef(components: SchemaComponents): JsonSchema {
  if (components.has('HTTPError')) return { $ref: `${COMPONENTS_PREFIX}HTTPError` };
  return components.fixed('HTTPError', {
    type: 'object',
    properties: { detail: {} },
    required: ['detail'],
  });
}

import type { FastifyInstance } from 'fastify';
import { isWellFormed } from '../http/unicode';

// A lone surrogate in a parsed string can only come from a \uD800-\uDFFF escape: raw UTF-8 cannot
// encode one (the decoder makes it U+FFFD). Without such an escape the walk below never runs.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * Fastify's JSON parser, with answers that say what was refused: a `__proto__` key (or `constructor`
 * holding `prototype`) is a 400 that names it, where Fastify says the body "is not valid JSON"; and
 * a string holding a lone surrogate, which is not Unicode text (RFC 8259 §8.2) and which no URL,
 * header or file name can encode, is a 400 too instead of reaching the handler.
 */
export function installJsonParser(fastify: FastifyInstance): void {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = String(raw);
    parse(request, body, (error: Error | null, value?: unknown) => {
      if (error !== null) return done(explain(error, body), undefined);
      if (SURROGATE_ESCAPE.test(body) && !wellFormed(value)) {
        return done(
          badRequest(
            'Body is not valid JSON text: a string in it has a lone surrogate (\\uD800-\\uDFFF without its pair)',
          ),
          undefined,
        );
      }
      done(null, value);
    });
  });
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/** Fastify's "not valid JSON" for a body that is valid JSON but was refused for a key it has. */
function explain(error: Error, body: string): Error {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return error;
  }
  const key = poisonedKey(parsed);
  return key === undefined ? error : badRequest(`Body has a ${key}, which is refused (prototype poisoning)`);
}

/** Which key made the parser refuse the body, looked for without recursion (a body may be deep). */
function poisonedKey(value: unknown): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null) continue;
    if (Object.hasOwn(item, '__proto__')) return '"__proto__" key';
    const ctor = Object.hasOwn(item, 'constructor')
      ? (item as { constructor: unknown }).constructor
      : undefined;
    if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) {
      return '"constructor" key holding a "prototype" key';
    }
    for (const key in item) stack.push((item as Record<string, unknown>)[key]);
  }
  return undefined;
}

function wellFormed(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (!isWellFormed(item)) return false;
    } else if (typeof item === 'object' && item !== null) {
      for (const key in item) {
        if (!isWellFormed(key)) return false;
        stack.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return true;
}

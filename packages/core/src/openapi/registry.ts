import type { FastifyInstance } from 'fastify';
import type { OpenAPIDocument } from './document';

const documents = new WeakMap<object, () => OpenAPIDocument>();

/**
 * Records where an instance's document comes from. A plugin's instance is an `Object.create` of
 * its parent's (Fastify's encapsulation), so the document is recorded on every ancestor up to the
 * root: `openapiDocument(app)` finds it from the app the user holds.
 */
export function recordDocument(
  instance: FastifyInstance,
  document: () => OpenAPIDocument,
  served = true,
): void {
  for (let o: object | null = instance; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    // A served document wins over one an unserved plugin builds beside it.
    if (served || !documents.has(o)) documents.set(o, document);
  }
}

/**
 * The OpenAPI document of a ready app: what `/openapi.json` serves (built even when `openapi` is
 * `false`, which only stops serving it).
 *
 * @example
 * ```ts
 * const app = await createApp({ controllers: [UserController] });
 * await app.ready();
 * writeFileSync('openapi.json', JSON.stringify(openapiDocument(app), null, 2));
 * ```
 */
export function openapiDocument(app: FastifyInstance): OpenAPIDocument {
  const document = documents.get(app);
  if (document === undefined) {
    throw new TypeError(
      'openapiDocument: this app has no arobase routes yet: call it after `await app.ready()`',
    );
  }
  return document();
}

const observers = new Set<(document: OpenAPIDocument) => void>();
/** The builds of the ready apps' documents no request has built yet, kept only while observed. */
const unbuilt = new Set<() => void>();

/**
 * Calls `observer` with each document an app serves, once it is built (on its first request or
 * `openapiDocument(app)` call, or by `buildObservedDocuments()`): the test suite validates every
 * one against the OpenAPI 3.1 meta-schema. Returns the function that stops it.
 */
export function observeDocuments(observer: (document: OpenAPIDocument) => void): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** Builds the documents of the apps made ready since, that nothing asked for, for the observers. */
export function buildObservedDocuments(): void {
  for (const build of [...unbuilt]) {
    unbuilt.delete(build);
    build();
  }
}

/** At `ready`: the build an observer may ask for. Returns what to call once it is built. */
export function documentReady(build: () => void): () => void {
  if (observers.size === 0) return () => undefined;
  unbuilt.add(build);
  return () => unbuilt.delete(build);
}

export function documentBuilt(document: OpenAPIDocument): void {
  for (const observer of observers) observer(document);
}

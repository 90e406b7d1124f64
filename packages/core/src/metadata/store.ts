import 'reflect-metadata';
import type { ControllerMetadata, ParamMetadata, ResponseModelMetadata, RouteMetadata } from './types';

// Decorators write here and the compiler reads here, once, at start-up. The runtime never does.
const CONTROLLER = Symbol('arobase:controller');
const ROUTES = Symbol('arobase:routes');
const PARAMS = Symbol('arobase:params');
const RESPONSE_MODEL = Symbol('arobase:response-model');
const MIDDLEWARE = Symbol('arobase:middleware');
const OWN_METHODS = Symbol('arobase:own-methods');

type Key = string | symbol;

function ownMap<V>(key: symbol, target: object): Map<Key, V> {
  let map: Map<Key, V> | undefined = Reflect.getOwnMetadata(key, target);
  if (!map) {
    // Copy the parent's entries so that a subclass inherits its base controller's declarations.
    const inherited: Map<Key, V> | undefined = Reflect.getMetadata(key, target);
    map = new Map(inherited);
    Reflect.defineMetadata(key, map, target);
  }
  return map;
}

/**
 * A subclass that decorates a method it overrides replaces the base's declarations for that method,
 * as NestJS does: on the method's first decoration in this class, the inherited route, parameters
 * and response model are dropped (the base keeps its own).
 */
function claim(cls: Function, propertyKey: Key): void {
  let own: Set<Key> | undefined = Reflect.getOwnMetadata(OWN_METHODS, cls);
  if (own === undefined) {
    own = new Set();
    Reflect.defineMetadata(OWN_METHODS, own, cls);
  }
  if (own.has(propertyKey)) return;
  own.add(propertyKey);
  for (const key of [ROUTES, PARAMS, RESPONSE_MODEL]) ownMap(key, cls).delete(propertyKey);
}

export function setController(cls: Function, meta: ControllerMetadata): void {
  Reflect.defineMetadata(CONTROLLER, meta, cls);
}

export function getController(cls: Function): ControllerMetadata | undefined {
  return Reflect.getOwnMetadata(CONTROLLER, cls);
}

export function addRoute(cls: Function, route: RouteMetadata): void {
  claim(cls, route.propertyKey);
  const routes = ownMap<RouteMetadata[]>(ROUTES, cls);
  routes.set(route.propertyKey, [...(routes.get(route.propertyKey) ?? []), route]);
}

export function getRoutes(cls: Function): RouteMetadata[] {
  const routes: Map<Key, RouteMetadata[]> | undefined = Reflect.getMetadata(ROUTES, cls);
  return routes ? [...routes.values()].flat() : [];
}

export function addParam(cls: Function, propertyKey: Key, param: ParamMetadata): void {
  claim(cls, propertyKey);
  const params = ownMap<ParamMetadata[]>(PARAMS, cls);
  const list = (params.get(propertyKey) ?? []).filter((p) => p.index !== param.index);
  params.set(propertyKey, [...list, param]);
}

export function getParams(cls: Function, propertyKey: Key): ParamMetadata[] {
  const params: Map<Key, ParamMetadata[]> | undefined = Reflect.getMetadata(PARAMS, cls);
  return [...(params?.get(propertyKey) ?? [])].sort((a, b) => a.index - b.index);
}

/** Methods that carry parameter decorators, to refuse those that are not routes. */
export function getDecoratedMethods(cls: Function): Key[] {
  const params: Map<Key, ParamMetadata[]> | undefined = Reflect.getMetadata(PARAMS, cls);
  return params ? [...params.keys()] : [];
}

export function setResponseModel(cls: Function, propertyKey: Key, meta: ResponseModelMetadata): void {
  claim(cls, propertyKey);
  ownMap<ResponseModelMetadata>(RESPONSE_MODEL, cls).set(propertyKey, meta);
}

/** Methods that carry `@ResponseModel`, to refuse those that are not routes. */
export function getModelMethods(cls: Function): Key[] {
  const models: Map<Key, ResponseModelMetadata> | undefined = Reflect.getMetadata(RESPONSE_MODEL, cls);
  return models ? [...models.keys()] : [];
}

export function getResponseModel(cls: Function, propertyKey: Key): ResponseModelMetadata | undefined {
  const models: Map<Key, ResponseModelMetadata> | undefined = Reflect.getMetadata(RESPONSE_MODEL, cls);
  return models?.get(propertyKey);
}

/**
 * Middleware declared with `@UseMiddleware`, on the class itself (`undefined` key) or on a method.
 * Decorators run bottom-up, so each one goes before those already there: the list reads in source
 * order, the first written being the outermost.
 */
export function addMiddleware(cls: Function, propertyKey: Key | undefined, middleware: unknown[]): void {
  let map: Map<Key, unknown[]> | undefined = Reflect.getOwnMetadata(MIDDLEWARE, cls);
  if (!map) {
    map = new Map();
    Reflect.defineMetadata(MIDDLEWARE, map, cls);
  }
  const key = propertyKey ?? CONTROLLER;
  map.set(key, [...middleware, ...(map.get(key) ?? [])]);
}

/** A base controller's middleware wraps its subclass's: the chain is read from the base down. */
export function getMiddleware(cls: Function, propertyKey: Key | undefined): unknown[] {
  const key = propertyKey ?? CONTROLLER;
  const lists: unknown[][] = [];
  for (let c: Function | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const map: Map<Key, unknown[]> | undefined = Reflect.getOwnMetadata(MIDDLEWARE, c);
    const own = map?.get(key);
    if (own) lists.unshift(own);
  }
  return lists.flat();
}

/** The parameter types TypeScript recorded (`emitDecoratorMetadata`); undefined when none were. */
export function getParamTypes(cls: Function, propertyKey: Key): unknown[] | undefined {
  return Reflect.getMetadata('design:paramtypes', cls.prototype, propertyKey);
}

import 'reflect-metadata';

export { arobase, createApp } from './app';
export type { Provider, ProviderClass, ProviderFunction } from './compile/dependency';
export { describeRoutes, type RouteDescription } from './compile/scan';
export { Controller } from './decorators/controller';
export {
  Body,
  type BodyOptions,
  Cookie,
  type CookieParamOptions,
  Depends,
  Header,
  Param,
  Query,
  type QueryOptions,
  Req,
  Res,
} from './decorators/params';
export { ResponseModel } from './decorators/response-model';
export { Delete, Get, Head, Options, Patch, Post, Put, type RouteDecorator } from './decorators/route';
export { UseMiddleware } from './decorators/use-middleware';
export type { CookieOptions, DeleteCookieOptions } from './http/cookie-options';
export { FileResponse, type FileResponseInit } from './http/file-response';
export { HTMLResponse } from './http/html-response';
export { HttpException } from './http/http-exception';
export { JSONResponse } from './http/json-response';
export { PlainTextResponse } from './http/plain-text-response';
export { RedirectResponse } from './http/redirect-response';
export {
  type HeadersInit,
  type PendingCookie,
  Response,
  type ResponseClass,
  type ResponseInit,
} from './http/response';
export { status } from './http/status-codes';
export { type StreamChunk, StreamingResponse, type StreamSource } from './http/streaming-response';
export { RequestValidationError, type ValidationIssue } from './http/validation-error';
export type {
  ControllerOptions,
  DocumentedResponse,
  HttpMethod,
  ParamDoc,
  ParamOptions,
  ResponseModelOptions,
  RouteOptions,
} from './metadata/types';
export { ResponseValidationError } from './models/output/model-serializer';
export type { OpenAPIDocument } from './openapi/document';
export { openapiDocument } from './openapi/registry';
export type { ArobaseOptions, Container, CreateAppOptions, OpenAPIOptions } from './options';
export { RequestContext } from './runtime/context';
export type {
  Middleware,
  MiddlewareClass,
  MiddlewareEntry,
  MiddlewareResult,
  Next,
} from './runtime/middleware';

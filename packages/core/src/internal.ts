/**
 * The framework's internals, for arobase's own tests and benchmarks: not public API, and free to
 * change in any release. Applications import `@arobase/core`.
 *
 * @packageDocumentation
 */
export { pathParamNames } from './compile/path-params';
export { getController, getParams, getResponseModel } from './metadata/store';
export { flattenErrors } from './models/input/class-input';
export { parseIsoDate } from './models/input/coerce';
export { coercerFor } from './models/input/coercer';
export { type CompiledInput, type InputPlan, planInput } from './models/input/compiled-input';
export { shapeIssues } from './models/input/fastapi-issues';
export { isPlainEmail } from './models/input/input-rules';
export type { IssueSink, Loc } from './models/issues';
export { type JsonSchema, SchemaComponents } from './models/json-schema/components';
export { inputSchema } from './models/json-schema/request-schema';
export { responseSchema } from './models/json-schema/response-schema';
export { BAIL, compileWriter, isoString, quote, type Writer } from './models/output/compiled-serializer';
export type { ResponseModelMetadata, ResponseModelOptions } from './models/output/model-options';
export {
  type ModelFilter,
  type ModelSerializer,
  modelSerializer,
  referenceFilter,
  referenceSerializer,
} from './models/output/model-serializer';
export { type ModelShape, modelShape, type ShapeResult } from './models/output/model-shape';
export { transformerInternalsProblem } from './models/vendor/class-transformer';
export { validatorInternalsProblem } from './models/vendor/class-validator';
export { buildObservedDocuments, observeDocuments } from './openapi/registry';
export type { RoutePlan } from './runtime/plan';

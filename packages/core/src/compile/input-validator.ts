import {
  arrayMaxSize,
  arrayMinSize,
  getMetadataStorage,
  IsOptional,
  isArray,
  isBoolean,
  isDate,
  isDefined,
  isEmail,
  isEnum,
  isIn,
  isInt,
  isNotEmpty,
  isNumber,
  isString,
  isUUID,
  length,
  matches,
  max,
  maxLength,
  min,
  minLength,
} from 'class-validator';
import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { metadataStorage as transformerStorage } from './class-transformer-internals';
import type { IssueSink, Loc } from './coerce';

/**
 * A compiled replacement for `plainToInstance(cls, raw)` + `validateSync(instance, { whitelist: true,
 * forbidUnknownValues: false })`: same instance, same issues in the same order. Built at start-up
 * from the decorators' metadata, only for classes whose every rule is one whose behaviour is known
 * exactly; the others keep the reference path.
 */
export type CompiledInput = (
  raw: object,
  loc: Loc,
  sink: IssueSink,
  skip: Set<string> | undefined,
) => object | undefined;

export type InputPlan = { compiled: CompiledInput } | { reference: string };

// The executor's own message builder, so a failing rule reads exactly as class-validator says it.
const { ValidationExecutor } = require('class-validator/cjs/validation/ValidationExecutor');
const { Validator } = require('class-validator/cjs/validation/Validator');
const executor = new ValidationExecutor(new Validator(), { whitelist: true, forbidUnknownValues: false });

const CUSTOM = 'customValidation';
const NESTED = 'nestedValidation';
const CONDITIONAL = 'conditionalValidation';
const IS_DEFINED = 'isDefined';

type Check = (value: unknown, c: any[]) => boolean;

/** The built-in rules, by constraint name, with class-validator's own check to compare against. */
const KNOWN: Record<string, Check> = {
  isString: (v) => isString(v),
  isInt: (v) => isInt(v),
  isNumber: (v, c) => isNumber(v, c[0]),
  isBoolean: (v) => isBoolean(v),
  isEmail: (v, c) => isEmail(v, c[0]),
  minLength: (v, c) => minLength(v, c[0]),
  maxLength: (v, c) => maxLength(v, c[0]),
  isLength: (v, c) => length(v, c[0], c[1]),
  min: (v, c) => min(v, c[0]),
  max: (v, c) => max(v, c[0]),
  isNotEmpty: (v) => isNotEmpty(v),
  isIn: (v, c) => isIn(v, c[0]),
  isEnum: (v, c) => isEnum(v, c[0]),
  isArray: (v) => isArray(v),
  arrayMinSize: (v, c) => arrayMinSize(v, c[0]),
  arrayMaxSize: (v, c) => arrayMaxSize(v, c[0]),
  isDate: (v) => isDate(v),
  isUuid: (v, c) => isUUID(v, c[0]),
  matches: (v, c) => matches(v as string, c[0], c[1]),
  isDefined: (v) => isDefined(v),
};

/** Checks simple enough to write inline in the generated code (when the rule has no `each`). */
const INLINE: Record<string, (v: string) => string> = {
  isString: (v) => `(typeof ${v} === 'string' || ${v} instanceof String)`,
  isInt: (v) => `(typeof ${v} === 'number' && Number.isInteger(${v}))`,
  isBoolean: (v) => `(typeof ${v} === 'boolean' || ${v} instanceof Boolean)`,
  isDefined: (v) => `(${v} !== undefined && ${v} !== null)`,
  isNotEmpty: (v) => `(${v} !== '' && ${v} !== null && ${v} !== undefined)`,
  isArray: (v) => `Array.isArray(${v})`,
};

// Values each rule is tried on at start-up: a constraint that answers differently from the
// built-in of its name is someone else's validator, and its class keeps the reference path.
const SAMPLES: unknown[] = [
  undefined,
  null,
  '',
  'a',
  'abcdefgh',
  'x'.repeat(300),
  'a@b.co',
  'not an email',
  '123e4567-e89b-12d3-a456-426614174000',
  '0',
  0,
  1,
  -1,
  1.5,
  150,
  1e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  ['a'],
  [1, 2, 3],
  {},
  new Date(0),
  new Date(Number.NaN),
];

// The function IsOptional records, to recognise it among conditional validations (ValidateIf).
const optionalSource = (() => {
  class Probe {
    x?: unknown;
  }
  IsOptional()(Probe.prototype, 'x');
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(Probe, '', false, false)
    .find((m) => m.propertyName === 'x');
  return String(meta?.constraints?.[0]);
})();

// Own names of Object.prototype: class-transformer skips these keys when it copies a plain object.
const OBJECT_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A deep copy of an untyped value, as class-transformer makes it when no `@Type` applies. */
function copyPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length; i++) out.push(copyPlain(value[i]));
    return out;
  }
  if (value instanceof Date) return new Date(value.valueOf());
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (OBJECT_KEYS.has(key)) continue;
    out[key] = copyPlain((value as Record<string, unknown>)[key]);
  }
  return out;
}

/** `@Type(() => Model)`: objects become instances, arrays (at any depth) are mapped. */
function toModel(value: unknown, build: (raw: object) => object): unknown {
  if (Array.isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length; i++) out.push(toModel(value[i], build));
    return out;
  }
  if (typeof value === 'object' && value !== null) return build(value);
  return value;
}

function toDate(value: unknown): unknown {
  if (Array.isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length; i++) out.push(toDate(value[i]));
    return out;
  }
  if (value instanceof Date) return new Date(value.valueOf());
  if (value === null || value === undefined) return value;
  return new Date(value as string);
}

function toScalar(value: unknown, type: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length; i++) out.push(toScalar(value[i], type));
    return out;
  }
  if (value === null || value === undefined) return value;
  return type(value);
}
const toText = (v: unknown): unknown => toScalar(v, String);
const toNumber = (v: unknown): unknown => toScalar(v, Number);
const toBoolean = (v: unknown): unknown => toScalar(v, Boolean);

const INDEX = /^\d+$/;
const locKey = (name: string): string | number => (INDEX.test(name) ? Number(name) : name);

const NULL_SINK: IssueSink = { addIssue() {} };

function report(
  sink: IssueSink,
  loc: Loc,
  key: string | number,
  object: object,
  value: unknown,
  meta: ValidationMetadata,
  constraint: ConstraintMetadata | undefined,
): void {
  const [type, msg] = executor.createValidationError(object, value, meta, constraint);
  sink.addIssue({ loc: [...loc, key], msg, type });
}

/** A rule with `each`: every element of an array must pass, or the value itself if not an array. */
function eachPasses(
  constraint: { validate(v: unknown, a: unknown): boolean },
  value: unknown,
  args: unknown,
): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!constraint.validate(value[i], args)) return false;
    return true;
  }
  return constraint.validate(value, args) as boolean;
}

/** `@ValidateNested`: instances are validated, arrays by element, anything else is refused. */
function validateNested(
  value: unknown,
  loc: Loc,
  key: string | number,
  sink: IssueSink,
  validate: (instance: object, loc: Loc, sink: IssueSink, skip: undefined) => boolean,
  meta: ValidationMetadata,
): boolean {
  if (Array.isArray(value)) {
    const here = [...loc, key];
    let ok = true;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) continue;
      if (!validateNested(value[i], here, i, sink, validate, meta)) ok = false;
    }
    return ok;
  }
  if (value instanceof Object) return validate(value, [...loc, key], sink, undefined);
  const [type, msg] = executor.createValidationError(meta.target, value, meta);
  sink.addIssue({ loc: [...loc, key], msg, type });
  return false;
}

// An ASCII address: dot-separated atoms, '@', hostname labels (1-63 characters, no hyphen at
// either end), an alphabetic TLD. Each piece is a case validator.js's isEmail (default options:
// require_tld, no underscores, utf8 local part allowed, 64 bytes for the local part, 254 in all)
// accepts: its FQDN check passes every such label and TLD, its local-part pattern every such atom.
const PLAIN_EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** True only for addresses validator.js's isEmail accepts with its defaults: a fast path, not a verdict. */
export function isPlainEmail(value: string): boolean {
  return value.length <= 254 && value.indexOf('@') <= 64 && PLAIN_EMAIL.test(value);
}

// What the generated code calls, passed by name to `new Function`.
const HELPERS = {
  isPlainEmail,
  UNCOUNTED: /[\uD800-\uDFFF]|\uFE0E|\uFE0F/,
  copyPlain,
  toModel,
  toDate,
  toText,
  toNumber,
  toBoolean,
  report,
  eachPasses,
  validateNested,
  NULL_SINK,
};

interface ClassUnit {
  cls: new () => object;
  index: number;
}

/** Why a class cannot be compiled, thrown while planning and caught by `planInput`. */
class Unsupported extends Error {}

const plans = new WeakMap<Function, InputPlan>();

/** The compiled path for a class, or the reason it keeps the reference path. Decided once per class. */
export function planInput(cls: new () => object): InputPlan {
  let plan = plans.get(cls);
  if (plan === undefined) {
    try {
      plan = { compiled: new Compiler().compile(cls) };
    } catch (error) {
      // Anything unforeseen (a @Type function that throws, say) leaves the class to the reference.
      plan = { reference: error instanceof Unsupported ? error.message : `${cls.name}: ${String(error)}` };
    }
    plans.set(cls, plan);
  }
  return plan;
}

class Compiler {
  private readonly units = new Map<Function, ClassUnit>();
  private readonly code: string[] = [];
  private readonly nestedUnits = new Map<string, ClassUnit>();
  // The helpers the generated code calls, by name, then its constants k0, k1...
  private readonly names: string[] = Object.keys(HELPERS);
  private readonly values: unknown[] = Object.values(HELPERS);

  compile(cls: new () => object): CompiledInput {
    const root = this.unit(cls);
    const body = `${this.code.join('\n')}
return function compiledInput(raw, loc, sink, skip) {
  const instance = build${root.index}(raw);
  return validate${root.index}(instance, loc, sink, skip) ? instance : undefined;
};`;
    return new Function(...this.names, body)(...this.values) as CompiledInput;
  }

  private constant(value: unknown): string {
    const name = `k${this.values.length}`;
    this.names.push(name);
    this.values.push(value);
    return name;
  }

  private unit(cls: new () => object): ClassUnit {
    const known = this.units.get(cls);
    if (known !== undefined) return known;
    const unit: ClassUnit = { cls, index: this.units.size };
    this.units.set(cls, unit);
    this.emit(unit);
    return unit;
  }

  private emit(unit: ClassUnit): void {
    const { cls, index } = unit;
    const name = cls.name || 'anonymous class';
    checkTransformer(cls, name);
    let probe: Record<string, unknown>;
    try {
      probe = new cls() as Record<string, unknown>;
    } catch {
      throw new Unsupported(`${name}: its constructor throws without arguments`);
    }
    checkPrototype(cls, name);

    const metas = getMetadataStorage().getTargetValidationMetadatas(
      cls,
      undefined as unknown as string,
      false,
      false,
    );
    const grouped = getMetadataStorage().groupByPropertyName(metas);
    const properties = Object.keys(grouped);
    const clsRef = this.constant(cls);

    // Build: the keys of the input in their order, as class-transformer walks them.
    const cases: string[] = [];
    for (const property of properties) {
      if (property === '__proto__' || property === 'constructor') {
        throw new Unsupported(`${name}.${property}: a reserved property name`);
      }
      if (property in cls.prototype) throw new Unsupported(`${name}.${property}: shadowed by the prototype`);
      if (typeof probe[property] === 'function')
        throw new Unsupported(`${name}.${property}: a function default`);
      const p = JSON.stringify(property);
      cases.push(
        `      case ${p}: instance[${p}] = ${this.transformExpr(cls, index, property, grouped[property], `raw[${p}]`)}; break;`,
      );
    }
    this.code.push(`function build${index}(raw) {
  const instance = new ${clsRef}();
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) {
    switch (keys[i]) {
${cases.join('\n')}
    }
  }
  return instance;
}`);

    // Validate: whitelist (undeclared keys set by the constructor go), then each property's rules.
    const lines: string[] = [];
    for (const key of Object.keys(probe)) {
      if (grouped[key] === undefined) lines.push(`  delete instance[${JSON.stringify(key)}];`);
    }
    for (const property of properties)
      lines.push(this.validateProperty(name, index, property, grouped[property]));
    this.code.push(`function validate${index}(instance, loc, sink, skip) {
  let ok = true;
  let s = sink;
${lines.join('\n')}
  return ok;
}`);
  }

  private transformExpr(
    cls: Function,
    index: number,
    property: string,
    metas: ValidationMetadata[],
    raw: string,
  ): string {
    const name = cls.name || 'anonymous class';
    const typeMeta = transformerStorage.findTypeMetadata(cls, property);
    const nested = metas.some((m) => m.type === NESTED);
    if (typeMeta === undefined) {
      if (nested) throw new Unsupported(`${name}.${property}: @ValidateNested without @Type`);
      return `(typeof ${raw} === 'object' && ${raw} !== null ? copyPlain(${raw}) : ${raw})`;
    }
    if (typeMeta.options?.discriminator !== undefined)
      throw new Unsupported(`${name}.${property}: a discriminator`);
    if (typeof typeMeta.typeFunction !== 'function' || typeMeta.typeFunction.length > 0) {
      throw new Unsupported(`${name}.${property}: @Type's function reads its arguments`);
    }
    const reflected = typeMeta.reflectedType;
    if (reflected !== undefined && reflected !== Array && reflected !== Object && reflected !== Function) {
      // class-transformer builds an array given here with `new DeclaredType()`, kept when it is a
      // Set or has `push`: only what ends up a plain array is compiled.
      const proto = reflected.prototype ?? {};
      if (reflected === Set || proto instanceof Set || 'push' in proto) {
        throw new Unsupported(`${name}.${property}: declared as ${reflected.name}`);
      }
    }
    const type = typeMeta.typeFunction();
    if (type === Date || type === String || type === Number || type === Boolean) {
      if (nested) throw new Unsupported(`${name}.${property}: @ValidateNested of a ${type.name}`);
      const helper = {
        [Date.name]: 'toDate',
        [String.name]: 'toText',
        [Number.name]: 'toNumber',
        [Boolean.name]: 'toBoolean',
      }[type.name];
      return `${helper}(${raw})`;
    }
    if (typeof type !== 'function' || type === Object || type === Array || type === Map || type === Set) {
      throw new Unsupported(`${name}.${property}: @Type of ${String(type?.name ?? type)}`);
    }
    if (type === Buffer || type === Promise)
      throw new Unsupported(`${name}.${property}: @Type of ${type.name}`);
    if (!nested) throw new Unsupported(`${name}.${property}: @Type without @ValidateNested`);
    const unit = this.unit(type as new () => object);
    this.nestedUnits.set(`${index}:${property}`, unit);
    return `toModel(${raw}, build${unit.index})`;
  }

  /**
   * Length and bounds checks written out with their constraints. validator.js's isLength counts a
   * surrogate pair or a variation selector as one character: a string with neither is measured by
   * `length`, any other goes to the rule itself.
   */
  private withConstraints(type: string, constraints: unknown[], call: string): string {
    const k = (i: number) => this.constant(constraints[i]);
    const measured = (min: string, max: string) =>
      `(typeof v === 'string' && (UNCOUNTED.test(v) ? ${call} : v.length >= (${min} || 0) && (typeof ${max} === 'undefined' || v.length <= ${max})))`;
    switch (type) {
      case 'minLength':
        return measured(k(0), 'undefined');
      case 'maxLength':
        return measured('0', k(0));
      case 'isLength':
        return measured(k(0), k(1));
      case 'isEmail':
        // The common address by a regex that only accepts what validator.js accepts with its
        // default options; anything else (and any options) goes to validator.js itself.
        if (constraints[0] !== undefined) return call;
        return `(typeof v === 'string' && (isPlainEmail(v) || ${call}))`;
      case 'min':
        return `(typeof v === 'number' && typeof ${k(0)} === 'number' && v >= ${k(0)})`;
      case 'max':
        return `(typeof v === 'number' && typeof ${k(0)} === 'number' && v <= ${k(0)})`;
      default:
        return call;
    }
  }

  private validateProperty(
    name: string,
    index: number,
    property: string,
    metas: ValidationMetadata[],
  ): string {
    const p = JSON.stringify(property);
    const key = JSON.stringify(locKey(property));
    const defined: ValidationMetadata[] = [];
    const custom: ValidationMetadata[] = [];
    let nested: ValidationMetadata | undefined;
    let optional = false;
    for (const meta of metas) {
      const where = `${name}.${property}`;
      if (meta.groups?.length || meta.always !== undefined)
        throw new Unsupported(`${where}: groups or always`);
      if ((meta as { validateIf?: unknown }).validateIf !== undefined)
        throw new Unsupported(`${where}: validateIf`);
      if (meta.message !== undefined && typeof meta.message !== 'string') {
        throw new Unsupported(`${where}: a message function`);
      }
      if (meta.type === IS_DEFINED) defined.push(meta);
      else if (meta.type === CUSTOM) custom.push(meta);
      else if (meta.type === NESTED) {
        if (nested !== undefined) throw new Unsupported(`${where}: @ValidateNested twice`);
        nested = meta;
      } else if (
        meta.type === CONDITIONAL &&
        meta.name === 'isOptional' &&
        String(meta.constraints?.[0]) === optionalSource
      ) {
        optional = true;
      } else {
        throw new Unsupported(`${where}: ${meta.name ?? meta.type}`);
      }
    }
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const meta of [...defined, ...custom]) {
      const constraints = getMetadataStorage().getTargetValidatorConstraints(meta.constraintCls);
      const where = `${name}.${property}`;
      if (constraints.length !== 1)
        throw new Unsupported(`${where}: ${constraints.length} constraints for one rule`);
      const constraint = constraints[0];
      const type = constraint.name;
      if (constraint.async) throw new Unsupported(`${where}: async ${type}`);
      if (!(type in KNOWN)) throw new Unsupported(`${where}: ${type || 'a custom validator'}`);
      if (seen.has(type)) throw new Unsupported(`${where}: ${type} twice`);
      seen.add(type);
      const args = {
        targetName: name,
        property,
        object: undefined,
        value: undefined,
        constraints: meta.constraints,
      };
      checkFingerprint(constraint, args, KNOWN[type], where);
      const c = this.constant(constraint.instance);
      const a = this.constant(args);
      const check =
        meta.each === true
          ? `eachPasses(${c}, v, ${a})`
          : (INLINE[type]?.('v') ??
            this.withConstraints(type, meta.constraints ?? [], `${c}.validate(v, ${a})`));
      lines.push(
        `    if (!${check}) { ok = false; report(s, loc, ${key}, instance, v, ${this.constant(meta)}, ${this.constant(constraint)}); }`,
      );
    }
    if (nested !== undefined) {
      if (seen.has(NESTED)) throw new Unsupported(`${name}.${property}: nestedValidation twice`);
      const unit = this.nestedUnits.get(`${index}:${property}`)!;
      lines.push(
        `    if (v !== undefined && !validateNested(v, loc, ${key}, s, validate${unit.index}, ${this.constant(nested)})) ok = false;`,
      );
    }
    const guard = optional ? 'if (v !== null && v !== undefined) ' : '';
    return `  {
    s = skip !== undefined && skip.has(${p}) ? NULL_SINK : sink;
    const v = instance[${p}];
    ${guard}{
${lines.join('\n')}
    }
  }`;
  }
}

function checkFingerprint(
  constraint: ConstraintMetadata,
  args: { constraints: any[] },
  known: Check,
  where: string,
): void {
  const inline = INLINE[constraint.name];
  const probe =
    inline === undefined
      ? undefined
      : (new Function('v', `return ${inline('v')};`) as (v: unknown) => boolean);
  for (const sample of SAMPLES) {
    let expected: boolean;
    let actual: boolean;
    try {
      expected = known(sample, args.constraints ?? []);
      actual = constraint.instance.validate(sample, args as never) as boolean;
    } catch {
      throw new Unsupported(`${where}: ${constraint.name} throws on ${String(sample)}`);
    }
    if (expected !== actual || (probe !== undefined && probe(sample) !== expected)) {
      throw new Unsupported(`${where}: ${constraint.name} is not class-validator's`);
    }
  }
}

/** class-transformer's own maps, by class: its public finders all need a property name. */
function checkTransformer(cls: Function, name: string): void {
  const storage = transformerStorage as unknown as Record<string, Map<Function, unknown> | undefined>;
  if (!storage._exposeMetadatas || !storage._excludeMetadatas || !storage._transformMetadatas) {
    throw new Unsupported(`${name}: class-transformer's metadata is not where this version keeps it`);
  }
  for (
    let c: Function | null = cls;
    c !== null && c !== Function.prototype && c !== Object;
    c = Object.getPrototypeOf(c)
  ) {
    if (
      storage._exposeMetadatas.has(c) ||
      storage._excludeMetadatas.has(c) ||
      storage._transformMetadatas.has(c) ||
      transformerStorage.getStrategy(c) !== 'none'
    ) {
      throw new Unsupported(`${name}: @Expose, @Exclude or @Transform`);
    }
  }
}

function checkPrototype(cls: Function, name: string): void {
  for (let p = cls.prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const key of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, key);
      if (d !== undefined && (d.get !== undefined || d.set !== undefined)) {
        throw new Unsupported(`${name}.${key}: an accessor`);
      }
    }
  }
}

import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { construct } from '../construct';
import { generate } from '../generated';
import { type IssueSink, type Loc, locKey } from '../issues';
import { classValidator } from '../libraries';
import { Unsupported } from '../unsupported';
import { transformerInternals } from '../vendor/class-transformer';
import { validatorInternals, validatorInternalsProblem } from '../vendor/class-validator';
import { checkPrototype, checkTransformer } from './compilable';
import { inputHelpers } from './input-helpers';
import { checkFingerprint, INLINE, isOptionalRule, knownRules } from './input-rules';

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

const CUSTOM = 'customValidation';
const NESTED = 'nestedValidation';
const IS_DEFINED = 'isDefined';

interface ClassUnit {
  cls: new () => object;
  index: number;
}

const plans = new WeakMap<Function, InputPlan>();

/** The compiled path for a class, or the reason it keeps the reference path. Decided once per class. */
export function planInput(cls: new () => object): InputPlan {
  let plan = plans.get(cls);
  if (plan === undefined) {
    try {
      const internals = validatorInternals();
      if (internals === undefined) throw new Unsupported(`${cls.name}: ${validatorInternalsProblem()}`);
      plan = { compiled: new Compiler(inputHelpers(internals)).compile(cls) };
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
  // The helpers the generated code calls, by name, then its constants, named by what they are
  // (cls0, rule1, args2...) and numbered once across all of them.
  private readonly params: Record<string, unknown>;
  private constants = 0;

  constructor(helpers: Record<string, unknown>) {
    this.params = { ...helpers };
  }

  compile(cls: new () => object): CompiledInput {
    const root = this.unit(cls);
    const body = `${this.code.join('\n')}
return function compiledInput(raw, loc, sink, skip) {
  const instance = build${root.index}(raw);
  return validate${root.index}(instance, loc, sink, skip) ? instance : undefined;
};`;
    return generate<CompiledInput>(`${cls.name || 'anonymous'}.input`, this.params, body);
  }

  private constant(kind: string, value: unknown): string {
    const name = `${kind}${this.constants++}`;
    this.params[name] = value;
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
    const built = construct(cls);
    if ('error' in built) throw new Unsupported(`${name}: its constructor throws without arguments`);
    const probe = built.instance;
    checkPrototype(cls, name);

    const metas = classValidator()
      .getMetadataStorage()
      .getTargetValidationMetadatas(cls, undefined as unknown as string, false, false);
    const grouped = classValidator().getMetadataStorage().groupByPropertyName(metas);
    const properties = Object.keys(grouped);
    const clsRef = this.constant('cls', cls);

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
  let propertySink = sink;
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
    const typeMeta = transformerInternals()!.storage.findTypeMetadata(cls, property);
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
    const bounds: string[] = [];
    const bound = (i: number) => (bounds[i] ??= this.constant('bound', constraints[i]));
    const measured = (min: string, max: string) =>
      `(typeof value === 'string' && (UNCOUNTED.test(value) ? ${call} : value.length >= (${min} || 0) && (typeof ${max} === 'undefined' || value.length <= ${max})))`;
    switch (type) {
      case 'minLength':
        return measured(bound(0), 'undefined');
      case 'maxLength':
        return measured('0', bound(0));
      case 'isLength':
        return measured(bound(0), bound(1));
      case 'isEmail':
        // The common address by a regex that only accepts what validator.js accepts with its
        // default options; anything else (and any options) goes to validator.js itself.
        if (constraints[0] !== undefined) return call;
        return `(typeof value === 'string' && (isPlainEmail(value) || ${call}))`;
      case 'min':
        return `(typeof value === 'number' && typeof ${bound(0)} === 'number' && value >= ${bound(0)})`;
      case 'max':
        return `(typeof value === 'number' && typeof ${bound(0)} === 'number' && value <= ${bound(0)})`;
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
      } else if (isOptionalRule(meta)) {
        optional = true;
      } else {
        throw new Unsupported(`${where}: ${meta.name ?? meta.type}`);
      }
    }
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const meta of [...defined, ...custom]) {
      const constraints = classValidator()
        .getMetadataStorage()
        .getTargetValidatorConstraints(meta.constraintCls);
      const where = `${name}.${property}`;
      if (constraints.length !== 1)
        throw new Unsupported(`${where}: ${constraints.length} constraints for one rule`);
      const constraint = constraints[0];
      const type = constraint.name;
      if (constraint.async) throw new Unsupported(`${where}: async ${type}`);
      const known = knownRules();
      if (!(type in known)) throw new Unsupported(`${where}: ${type || 'a custom validator'}`);
      if (seen.has(type)) throw new Unsupported(`${where}: ${type} twice`);
      seen.add(type);
      const args = {
        targetName: name,
        property,
        object: undefined,
        value: undefined,
        constraints: meta.constraints,
      };
      checkFingerprint(constraint, args, known[type], where);
      const validator = this.constant('validator', constraint.instance);
      const validatorArgs = this.constant('args', args);
      const check =
        meta.each === true
          ? `eachPasses(${validator}, value, ${validatorArgs})`
          : (INLINE[type]?.('value') ??
            this.withConstraints(
              type,
              meta.constraints ?? [],
              `${validator}.validate(value, ${validatorArgs})`,
            ));
      lines.push(
        `    if (!${check}) { ok = false; report(propertySink, loc, ${key}, instance, value, ${this.constant('rule', meta)}, ${this.constant('constraint', constraint)}); }`,
      );
    }
    if (nested !== undefined) {
      if (seen.has(NESTED)) throw new Unsupported(`${name}.${property}: nestedValidation twice`);
      const unit = this.nestedUnits.get(`${index}:${property}`)!;
      lines.push(
        `    if (value !== undefined && !validateNested(value, loc, ${key}, propertySink, validate${unit.index}, ${this.constant('rule', nested)})) ok = false;`,
      );
    }
    const guard = optional ? 'if (value !== null && value !== undefined) ' : '';
    // propertySink: where this property's issues go (nowhere when the caller skips it).
    return `  {
    propertySink = skip !== undefined && skip.has(${p}) ? NULL_SINK : sink;
    const value = instance[${p}];
    ${guard}{
${lines.join('\n')}
    }
  }`;
  }
}

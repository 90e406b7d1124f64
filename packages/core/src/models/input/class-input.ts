import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, type ValidationError, validateSync } from 'class-validator';
import { construct } from '../construct';
import { type IssueSink, type Loc, locKey, type ValidationIssue } from '../issues';
import { transformerInternals } from '../vendor/class-transformer';
import { asIs, type Coerce, scalarCoercer } from './coerce';
import { planInput } from './compiled-input';
import { IssueBuffer } from './fastapi-issues';
import { prepareTransformerInput } from './transformer-input';

type Field = readonly [name: string, coerce: Coerce];

/**
 * A class-typed input: built with class-transformer, validated with class-validator. `whitelist`
 * strips what the class does not declare, so a client cannot smuggle fields into the handler.
 */
export function classCoercer(cls: new () => object, fromText: boolean): Coerce {
  const fields = fromText ? textFields(cls) : [];
  const plan = planInput(cls);
  const compiled = 'compiled' in plan ? plan.compiled : undefined;
  const prepare = compiled === undefined ? prepareTransformerInput(cls) : undefined;
  return (raw, loc, sink) => {
    if (raw === undefined || raw === null) {
      sink.addIssue({ loc: [...loc], msg: 'Field required', type: 'missing' });
      return undefined;
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      sink.addIssue({
        loc: [...loc],
        msg: `Input should be an object (${cls.name})`,
        type: 'model_type',
        input: raw,
      });
      return undefined;
    }
    const received = raw;
    const issues = new IssueBuffer();
    const result = build(raw, loc, issues);
    issues.flush(sink, received, loc);
    return result;
  };

  function build(raw: object, loc: Loc, sink: IssueSink): object | undefined {
    let failed: Set<string> | undefined;
    if (fields.length > 0) {
      const input: Record<string, unknown> = { ...raw };
      for (const [name, coerce] of fields) {
        if (input[name] === undefined) continue;
        const value = coerce(input[name], [...loc, name], sink);
        if (value === undefined) {
          (failed ??= new Set()).add(name);
          delete input[name];
        } else {
          input[name] = value;
        }
      }
      raw = input;
    }
    let instance: object;
    try {
      if (compiled !== undefined) {
        const built = compiled(raw as object, loc, sink, failed);
        return failed === undefined ? built : undefined;
      }
      if (prepare === undefined) {
        instance = plainToInstance(cls, raw);
      } else {
        const { input, attach } = prepare(raw as object);
        instance = plainToInstance(cls, input);
        attach?.(instance);
      }
    } catch {
      // The libraries choke on some client values (class-transformer on a nested `constructor` key,
      // validator.js on extreme numbers): that is unreadable input, a 422, never a server fault.
      // Custom validators run in validateSync below, outside this net: their bugs stay 500s.
      sink.addIssue({ loc: [...loc], msg: `Input could not be read as ${cls.name}`, type: 'model_parsing' });
      return undefined;
    }
    let errors: ValidationError[];
    try {
      errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
    } catch (error) {
      // class-validator recurses once per nested level: a body nested a few hundred deep (a few KB)
      // exhausts the stack. That is the client's input, a 422 as when reading; other errors stay 500s.
      if (!isStackOverflow(error)) throw error;
      sink.addIssue({ loc: [...loc], msg: `Input could not be read as ${cls.name}`, type: 'model_parsing' });
      return undefined;
    }
    // A field that could not be read was reported once already; its rules would only repeat it.
    if (failed !== undefined) errors = errors.filter((e) => !failed.has(e.property));
    for (const issue of flattenErrors(errors, loc)) sink.addIssue(issue);
    return errors.length === 0 && failed === undefined ? instance : undefined;
  }
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

/** class-validator's error tree as a flat list located by path, array indexes as numbers. */
export function flattenErrors(
  errors: ValidationError[],
  loc: Loc,
  out: ValidationIssue[] = [],
): ValidationIssue[] {
  for (const error of errors) {
    const here = [...loc, locKey(error.property)];
    for (const [type, msg] of Object.entries(error.constraints ?? {})) {
      out.push({ loc: here, msg, type });
    }
    if (error.children?.length) flattenErrors(error.children, here, out);
  }
  return out;
}

/**
 * The validated fields of a class read from text (a query string, headers), each with the coercer
 * of its design type, so that `?limit=abc` fails in `@Query() q: Search` as in `@Query('limit')`.
 * class-transformer's implicit conversion would read `'false'` as true and `''` as 0. Found once,
 * at start-up.
 */
function textFields(cls: new () => object): Field[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const built = construct(cls);
  const defaults = 'instance' in built ? built.instance : undefined;
  const internals = transformerInternals();
  const fields: Field[] = [];
  for (const name of new Set(metas.map((m) => m.propertyName))) {
    // A field with its own @Transform reads the raw text itself.
    // (Without class-transformer's metadata no field can be known to have one: all are coerced.)
    if (internals?.hasTransform(cls, name, 'toClass')) {
      continue;
    }
    let type = Reflect.getMetadata('design:type', cls.prototype, name);
    // TypeScript records `Object` for `limit = 20` (no annotation): the default tells the type.
    if (type === Object) type = (defaults?.[name] as object | undefined)?.constructor;
    const coerce = scalarCoercer(type);
    if (coerce !== undefined && coerce !== asIs) fields.push([name, coerce]);
  }
  return fields;
}

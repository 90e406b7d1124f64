import { Unsupported } from '../unsupported';
import { transformerInternals } from '../vendor/class-transformer';

/** A class with class-transformer decorators of its own (@Expose, @Exclude, @Transform) keeps the reference path. */
export function checkTransformer(cls: Function, name: string): void {
  const internals = transformerInternals();
  if (internals === undefined) throw new Unsupported(`${name}: class-transformer's metadata is not readable`);
  const { storage, maps } = internals;
  for (
    let c: Function | null = cls;
    c !== null && c !== Function.prototype && c !== Object;
    c = Object.getPrototypeOf(c)
  ) {
    if (
      maps.expose.has(c) ||
      maps.exclude.has(c) ||
      maps.transform.has(c) ||
      storage.getStrategy(c) !== 'none'
    ) {
      throw new Unsupported(`${name}: @Expose, @Exclude or @Transform`);
    }
  }
}

/** An accessor would run arbitrary code where class-transformer assigns: only the reference runs it. */
export function checkPrototype(cls: Function, name: string): void {
  for (let p = cls.prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const key of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, key);
      if (d !== undefined && (d.get !== undefined || d.set !== undefined)) {
        throw new Unsupported(`${name}.${key}: an accessor`);
      }
    }
  }
}

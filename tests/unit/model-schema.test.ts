import { modelSerializer, modelShape } from '@arobase/core/internal';
import { expect } from 'chai';
import { Expose, Type } from 'class-transformer';
import {
  Author,
  Derived,
  Grouped,
  HoldsTransformed,
  Renamed,
  RenamedClash,
  RenamedGrouped,
  Transformed,
  Tree,
  WithDefault,
  WithExclude,
  WithGetter,
  WithInternal,
} from '../property/serializer-corpus';

class Animal {
  @Expose() kind!: string;
}
class Dog extends Animal {
  @Expose() barks!: boolean;
}
class Zoo {
  @Expose()
  @Type(() => Animal, {
    discriminator: { property: 'kind', subTypes: [{ value: Dog, name: 'dog' }] },
  })
  animal!: Animal;
}
class ByObject {
  @Expose() @Type((options) => (options?.object ? Animal : Dog)) pet!: Animal;
}
class Lookup {
  @Expose() @Type(() => String) names!: Map<string, string>;
}
class Unique {
  @Expose() @Type(() => String) tags!: Set<string>;
}
class Bytes {
  @Expose() @Type(() => Buffer) data!: Buffer;
}
class Needy {
  constructor(readonly id: number) {
    if (id === undefined) throw new Error('id required');
  }
}
class HoldsNeedy {
  @Expose() @Type(() => Needy) needy!: Needy;
}

class ExposedFunction {
  @Expose() id!: number;
  @Expose() format = () => 'secret';
}
class ExposedAccessor {
  constructor() {
    Object.defineProperty(this, 'id', { get: () => 1, enumerable: true });
  }
  @Expose() id!: number;
}
/** A class-level @Expose(): class-transformer writes every key of the instance. */
@Expose()
class ExposesAll {
  @Expose() id!: number;
  internal = 'x';
}

function reason(model: Function, groups?: string[]): string | undefined {
  const result = modelShape(model, groups);
  return result.ok ? undefined : result.reason;
}

function keys(model: Function, groups?: string[]): string[] {
  const result = modelShape(model, groups);
  if (!result.ok) throw new Error(result.reason);
  return result.shape.fields.map((f) => f.key);
}

describe('model schema: what the compiled serializer takes on, and what falls back', () => {
  it('compiles plain, nested, recursive and inherited models', () => {
    expect(keys(Author)).to.deep.equal(['id', 'email', 'posts']);
    expect(keys(Tree)).to.deep.equal(['label', 'children']);
    // An exposed field redeclared by a subclass keeps the base class's position, as class-transformer does.
    expect(keys(Derived)).to.deep.equal(['id', 'kind', 'extra']);
  });

  it('leaves @Exclude()d fields and other groups out, as the reference does', () => {
    expect(keys(WithExclude)).to.deep.equal(['id']);
    expect(keys(Grouped)).to.deep.equal(['id']);
    expect(keys(Grouped, ['admin'])).to.deep.equal(['id', 'email']);
    expect(keys(Grouped, ['admin', 'owner'])).to.deep.equal(['id', 'email', 'token']);
  });

  it('falls back for @Transform, also on a nested model', () => {
    expect(reason(Transformed)).to.equal('Transformed.name has @Transform');
    expect(reason(HoldsTransformed)).to.equal('Transformed.name has @Transform');
  });

  it('compiles @Expose({ name }) renames under their wire names, unless they clash or have groups', () => {
    expect(keys(Renamed)).to.deep.equal(['id', 'created_at', 'first_post', 'edited']);
    expect(reason(RenamedClash)).to.equal(
      "RenamedClash.otherId is renamed to 'id', a name another field has",
    );
    expect(reason(RenamedGrouped)).to.equal('RenamedGrouped.email is renamed and in groups');
  });

  it('falls back for exposed getters and for a constructor that throws', () => {
    expect(reason(WithGetter)).to.equal('WithGetter.upper is a getter or method');
    expect(reason(HoldsNeedy)).to.equal('new Needy() throws: id required');
  });

  it('compiles models whose constructor sets fields: only the exposed ones are written', () => {
    expect(keys(WithDefault)).to.deep.equal(['id', 'role']);
    expect(keys(WithInternal)).to.deep.equal(['id', 'tags']);
  });

  it('falls back when the constructor sets an exposed field to a function or an accessor, or exposes all', () => {
    expect(reason(ExposedFunction)).to.equal(
      "ExposedFunction's constructor sets format to a function, an accessor or a read-only value",
    );
    expect(reason(ExposedAccessor)).to.equal(
      "ExposedAccessor's constructor sets id to a function, an accessor or a read-only value",
    );
    expect(reason(ExposesAll)).to.equal('ExposesAll exposes different fields when read and when written');
  });

  it('falls back for discriminators, per-object @Type functions, Map/Set fields and built-ins', () => {
    expect(reason(Zoo)).to.equal('Zoo.animal has a discriminator');
    expect(reason(ByObject)).to.equal("ByObject.pet's @Type function takes arguments");
    expect(reason(Lookup)).to.equal('Lookup.names is declared as a Map or Set');
    expect(reason(Unique)).to.equal('Unique.tags is declared as a Map or Set');
    expect(reason(Bytes)).to.equal('Buffer is or extends a built-in class');
  });

  it('keeps the reference path when validateResponse is on', () => {
    const meta = { model: Author, isArray: false, options: {} };
    expect(modelSerializer(meta, true)).to.include({ path: 'reference', reason: 'validateResponse is on' });
    expect(modelSerializer(meta, false).path).to.equal('compiled');
    expect(modelSerializer({ model: Transformed, isArray: false, options: {} }, false)).to.include({
      path: 'reference',
      reason: 'Transformed.name has @Transform',
    });
  });
});

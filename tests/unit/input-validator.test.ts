import { planInput } from '@arobase/core/internal';
import { expect } from 'chai';
import { Expose, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

function reason(cls: new () => object): string | undefined {
  const plan = planInput(cls);
  return 'reference' in plan ? plan.reference : undefined;
}

@ValidatorConstraint({ name: 'even' })
class Even implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'number' && value % 2 === 0;
  }
}

/** A decorator of someone else's that borrows a built-in's name. */
function LooksLikeIsString() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isString',
      target: object.constructor,
      propertyName,
      validator: { validate: (value: unknown) => typeof value === 'number' },
    });
}

class Inner {
  @IsString() name!: string;
}

class Case0 {
  @Validate(Even) n!: number;
}

class Case1 {
  @IsString({ groups: ['admin'] }) n!: string;
}

class Case2 {
  @IsString({ always: true }) n!: string;
}

class Case3 {
  @ValidateIf((o) => o.kind === 'x') @IsString() n!: string;
}

class Case4 {
  @IsString({ message: () => 'no' }) n!: string;
}

class Case5 {
  @Transform(({ value }) => String(value).trim()) @IsString() n!: string;
}

class Case6 {
  @Expose({ name: 'N' }) @IsString() n!: string;
}

class Case7 {
  @ValidateNested() inner!: Inner;
}

class Case8 {
  @IsOptional() @Type(() => Inner) inner?: Inner;
}

class Case9 {
  @LooksLikeIsString() n!: string;
}

class Case10 {
  @Min(1) @Min(5) n!: number;
}

class Case11 {
  @IsString() n!: string;
  constructor(x: { y: string }) {
    this.n = x.y;
  }
}

class Case12 {
  @IsString() n!: string;
  set m(v: string) {
    this.n = v;
  }
}

const cases: [string, new () => object, string][] = [
  ['a custom constraint class', Case0, 'even'],
  ['validation groups', Case1, 'groups or always'],
  ['always', Case2, 'groups or always'],
  ['conditional validation', Case3, 'conditionalValidation'],
  ['a message function', Case4, 'a message function'],
  ['@Transform on an input', Case5, '@Expose, @Exclude or @Transform'],
  ['@Expose on an input', Case6, '@Expose, @Exclude or @Transform'],
  ['@ValidateNested without @Type', Case7, '@ValidateNested without @Type'],
  ['@Type without @ValidateNested', Case8, '@Type without @ValidateNested'],
  ["another validator under a built-in's name", Case9, "isString is not class-validator's"],
  ['the same rule twice on a property', Case10, 'min twice'],
  ['a constructor that needs arguments', Case11 as unknown as new () => object, 'its constructor throws'],
  ['an accessor on the prototype', Case12, 'an accessor'],
];

describe('planInput: which input classes are compiled', () => {
  it('compiles a class made of built-in rules, `each` and string messages included', () => {
    class UserIn {
      @IsString() @Length(3, 32) username!: string;
      @IsEmail() email!: string;
      @IsString() @MaxLength(64) displayName!: string;
      @IsInt() @Min(0) @Max(150) age!: number;
      @IsString() @MinLength(8, { message: '$property: at least $constraint1 characters' }) password!: string;
      @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) tags!: string[];
      @IsOptional() @ValidateNested({ each: true }) @Type(() => Inner) inner?: Inner[];
    }
    expect(reason(UserIn)).to.equal(undefined);
  });

  for (const [title, cls, why] of cases) {
    it(`keeps the reference path for ${title}`, () => {
      expect(reason(cls)).to.be.a('string').and.include(why);
    });
  }

  it('keeps the reference path for a class that nests one that cannot be compiled', () => {
    class Odd {
      @Validate(Even) n!: number;
    }
    class Outer {
      @ValidateNested() @Type(() => Odd) odd!: Odd;
    }
    expect(reason(Outer)).to.include('even');
  });

  it('keeps the reference path when planning fails in a way nobody foresaw', () => {
    class Broken {
      @ValidateNested()
      @Type(() => {
        throw new Error('not yet defined');
      })
      inner!: Inner;
    }
    expect(reason(Broken)).to.equal('Broken: Error: not yet defined');
  });

  it('decides once per class', () => {
    class Once {
      @IsString() n!: string;
    }
    expect(planInput(Once)).to.equal(planInput(Once));
  });
});

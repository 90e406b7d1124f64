import { Exclude, Expose, Transform, Type } from 'class-transformer';

// The response models the differential test compares the compiled and reference paths on.

export class Flat {
  @Expose() id!: number;
  @Expose() name!: string;
  @Expose() active!: boolean;
  @Expose() score!: number;
  @Expose() tags!: string[];
  password?: string;
}

export class Address {
  @Expose() street!: string;
  @Expose() zip!: string;
}

export class WithNested {
  @Expose() id!: number;
  @Expose() @Type(() => Address) address!: Address;
  /** No @Type: scalars, Dates and arrays of them are copied; an object is a ResponseValidationError. */
  @Expose() meta!: Record<string, unknown>;
}

export class Post {
  @Expose() id!: number;
  @Expose() title!: string;
  @Expose() @Type(() => Date) published!: Date;
}

export class Author {
  @Expose() id!: number;
  @Expose() email!: string;
  @Expose() @Type(() => Post) posts!: Post[];
}

export class Dated {
  /** No @Type: a Date is copied, a string stays a string. */
  @Expose() created!: Date;
  /** @Type(() => Date): a string or number becomes a Date. */
  @Expose() @Type(() => Date) updated!: Date;
  @Expose() @Type(() => Number) count!: number;
  @Expose() @Type(() => String) label!: string;
  @Expose() @Type(() => Boolean) flag!: boolean;
}

export class Optional {
  @Expose() required!: string;
  @Expose() maybe?: string;
  @Expose() nullable!: string | null;
}

export class Leaf {
  @Expose() value!: number;
}
export class Middle {
  @Expose() name!: string;
  @Expose() @Type(() => Leaf) leaves!: Leaf[];
}
export class Deep {
  @Expose() id!: number;
  @Expose() @Type(() => Middle) middle!: Middle;
}

export class Tree {
  @Expose() label!: string;
  @Expose() @Type(() => Tree) children!: Tree[];
}

export class Base {
  @Expose() id!: number;
  @Expose() kind!: string;
}
export class Derived extends Base {
  @Expose() extra!: string;
  /** Exposed again: class-transformer keeps the base's position. */
  @Expose() override kind!: string;
}

export class WithExclude {
  @Expose() id!: number;
  @Expose() @Exclude() hidden!: string;
}

export class Grouped {
  @Expose() id!: number;
  @Expose({ groups: ['admin'] }) email!: string;
  @Expose({ groups: ['owner'] }) token!: string;
}

export class Transformed {
  @Expose() id!: number;
  @Expose()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  name!: string;
}

export class Renamed {
  @Expose() id!: number;
  @Expose({ name: 'created_at' }) createdAt!: string;
  @Expose({ name: 'first_post' }) @Type(() => Post) firstPost!: Post;
  @Expose({ name: 'edited' }) @Type(() => Date) editedAt!: Date;
}

export class RenamedClash {
  @Expose() id!: number;
  @Expose({ name: 'id' }) otherId!: number;
}

export class RenamedGrouped {
  @Expose({ name: 'e_mail', groups: ['admin'] }) email!: string;
}

export class WithGetter {
  @Expose() first!: string;
  @Expose() get upper(): string {
    return String(this.first).toUpperCase();
  }
}

export class WithDefault {
  @Expose() id!: number;
  @Expose() role = 'user';
}

/** Fields the constructor sets and the model does not expose, here and in a nested model. */
export class TagWithInternal {
  @Expose() label!: string;
  internal = 'nested default';
}
export class WithInternal {
  @Expose() id!: number;
  @Expose() @Type(() => TagWithInternal) tags!: TagWithInternal[];
  internal = 'model default';
  cache: Record<string, unknown> = { hits: 1 };
}

export class HoldsTransformed {
  @Expose() id!: number;
  @Expose() @Type(() => Transformed) inner!: Transformed;
}

/** A nested model whose every field has a default. */
export class Settings {
  @Expose() theme = 'light';
  @Expose() size = 12;
}

/** Field initialisers as defaults (FastAPI's), a renamed one among them, and nested models. */
export class Defaults {
  @Expose() id!: number;
  @Expose() role = 'user';
  @Expose() score = 0;
  @Expose() tags: string[] = [];
  @Expose() note: string | null = null;
  @Expose({ name: 'display_name' }) displayName = 'anonymous';
  @Expose() @Type(() => Settings) settings?: Settings;
  @Expose() @Type(() => Address) address?: Address;
}

/** A subclass with defaults of its own: an instance of it is read as a Defaults. */
export class DefaultsChild extends Defaults {
  @Expose() level = 1;
  secret = 'child secret';
}

/** A default that `@Type` converts: with excludeDefaults, the reference path. */
export class ConvertedDefault {
  @Expose() id!: number;
  @Expose() @Type(() => Number) count = 0;
}

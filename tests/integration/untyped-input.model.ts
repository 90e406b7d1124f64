import { IsString } from 'class-validator';

/** Imported both as a type (TypeScript records `Object`) and as a value by untyped-input.test.ts. */
export class TypeOnlyItem {
  @IsString() name!: string;
}

export class ValueItem {
  @IsString() name!: string;
}

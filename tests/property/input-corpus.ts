// Input classes the property tests share: the validator differential checks the compiled input path
// against class-validator on them, the OpenAPI test checks the request schema against both.
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';

export enum Color {
  Red = 'red',
  Green = 'green',
}

export enum Level {
  Low,
  High,
}

export class Tag {
  @IsString() @MinLength(1) @MaxLength(5) name!: string;
  @IsOptional() @IsInt() @Min(0) weight?: number;
}

import { Expose, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_ID } from '../db/store';

/** The body of `POST /posts` and `PUT /posts/:id`. */
export class PostIn {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @IsString()
  @MaxLength(100_000)
  body!: string;
}

/**
 * The query of `GET /posts`. A bad value is the same 422 list as any other input error:
 * `{"detail":[{"loc":["query","limit"],"msg":"limit must not be greater than 100","type":"max"}]}`.
 */
export class PageQuery {
  @IsOptional() @IsInt() @Min(1) @Max(100) limit = 20;
  // Bounded by what both engines hold (PostgreSQL's integer ids): `offset=1e20` is a 422, not a database error.
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ID) offset = 0;
}

/** A post's author as anyone may see it: the email stays private (only `GET /me` shows it). */
export class AuthorOut {
  @Expose() id!: number;
}

/** A post as the API shows it; the author row behind it carries a password hash that stays home. */
export class PostOut {
  @Expose() id!: number;
  @Expose() title!: string;
  @Expose() body!: string;
  @Expose() createdAt!: string;
  @Expose() updatedAt!: string;

  @Expose()
  @Type(() => AuthorOut)
  author!: AuthorOut;
}

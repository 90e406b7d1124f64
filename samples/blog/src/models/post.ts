import { Expose, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_ID, MAX_PUT_ID } from '../db/store';

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

/** One post of `POST /posts/batch`, with the id it should have if one is given. */
export class PostBatchItemIn extends PostIn {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PUT_ID) id?: number;
}

/** The body of `POST /posts/batch`: written all together or not at all. */
export class PostBatchIn {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PostBatchItemIn)
  posts!: PostBatchItemIn[];
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

/** How often a post was read (`GET /posts/:id` counts after answering). */
export class PostViewsOut {
  @Expose() id!: number;
  @Expose() views!: number;
}

import { Expose, Type } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

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

/** A post's author as the API shows it. */
export class AuthorOut {
  @Expose() id!: number;
  @Expose() email!: string;
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

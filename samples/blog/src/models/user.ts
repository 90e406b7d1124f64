import { Expose } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

/** The body of `POST /auth/signup`. */
export class SignupIn {
  @IsEmail()
  email!: string;

  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;
}

/** The body of `POST /auth/login`. */
export class LoginIn {
  @IsEmail()
  email!: string;

  @IsString()
  @MaxLength(200)
  password!: string;
}

/** A user as the API shows it: the password hash is not declared, so it never leaves. */
export class UserOut {
  @Expose() id!: number;
  @Expose() email!: string;
  @Expose() createdAt!: string;
}

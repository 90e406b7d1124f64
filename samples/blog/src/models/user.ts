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

/** A user as anyone may see it (`GET /users/:id`): no email, and the password hash never leaves. */
export class PublicUserOut {
  @Expose() id!: number;
  @Expose() createdAt!: string;
}

/** A user as they see themselves (signup, login, `GET /me`): with their email. */
export class UserOut {
  @Expose() id!: number;
  @Expose() email!: string;
  @Expose() createdAt!: string;
}

/** A short confirmation: `{"message": "Logged out"}`. */
export class MessageOut {
  @Expose() message!: string;
}

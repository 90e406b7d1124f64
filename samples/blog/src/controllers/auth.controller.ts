import {
  Body,
  Controller,
  Cookie,
  Depends,
  Get,
  HttpException,
  Param,
  Post,
  Res,
  type Response,
  ResponseModel,
} from '@arobase/core';
import { CurrentUser, SESSION_COOKIE } from '../auth/current-user';
import { hashPassword, verifyPassword } from '../auth/password';
import type { BlogStore, UserRow } from '../db/store';
import { LoginIn, MessageOut, PublicUserOut, SignupIn, UserOut } from '../models/user';
import { positiveId } from './ids';

let dummyHash: Promise<string> | undefined;

/** Signup, login (a signed HttpOnly session cookie), logout, and who is signed in. */
@Controller()
export class AuthController {
  constructor(private readonly store: BlogStore) {}

  @Post('/auth/signup', {
    status: 201,
    summary: 'Create an account',
    responses: {
      201: { headers: { Location: { description: 'The new user: /users/{id}' } } },
      409: { description: 'This email is already registered' },
    },
  })
  @ResponseModel(UserOut)
  async signup(@Body() body: SignupIn, @Res() res: Response) {
    const user = await this.store.createUser(body.email, await hashPassword(body.password));
    if (user === undefined) throw new HttpException(409, 'This email is already registered');
    res.headers.set('Location', `/users/${user.id}`);
    return user; // the row has password_hash; UserOut does not declare it
  }

  @Post('/auth/login', {
    summary: 'Log in: sets the signed session cookie',
    responses: {
      200: { headers: { 'Set-Cookie': { description: 'session: signed, HttpOnly, Secure, SameSite=Lax' } } },
      401: { description: 'Incorrect email or password' },
    },
  })
  @ResponseModel(UserOut)
  async login(@Body() body: LoginIn, @Res() res: Response) {
    const user = await this.store.userByEmail(body.email);
    // An unknown email costs the same scrypt as a wrong password: timing does not reveal accounts.
    dummyHash ??= hashPassword('not-a-real-password');
    const ok = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash));
    if (user === undefined || !ok) throw new HttpException(401, 'Incorrect email or password');
    const token = await this.store.createSession(user.id);
    res.setCookie(SESSION_COOKIE, token, { signed: true, maxAge: this.store.sessionSeconds });
    return user;
  }

  @Post('/auth/logout', {
    summary: 'Log out: ends the session and deletes its cookie',
    responses: { 200: { headers: { 'Set-Cookie': { description: 'session, deleted (Max-Age=0)' } } } },
  })
  @ResponseModel(MessageOut)
  async logout(@Res() res: Response, @Cookie(SESSION_COOKIE, { signed: true }) token?: string) {
    if (token !== undefined) await this.store.deleteSession(token);
    res.deleteCookie(SESSION_COOKIE);
    return { message: 'Logged out' };
  }

  @Get('/me', { summary: 'The signed-in user', responses: { 401: { description: 'Not authenticated' } } })
  @ResponseModel(UserOut)
  me(@Depends(CurrentUser) user: UserRow) {
    return user;
  }

  // Anyone may read it, so it shows no email: `PublicUserOut` does not declare one.
  @Get('/users/:id', {
    summary: 'A user, as anyone sees them',
    responses: { 404: { description: 'User not found' } },
  })
  @ResponseModel(PublicUserOut)
  async user(@Param('id', { description: "The user's id" }) id: number) {
    const user = await this.store.userById(positiveId(id, 'User'));
    if (user === undefined) throw new HttpException(404, 'User not found');
    return user;
  }
}

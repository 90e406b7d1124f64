import { Cookie, HttpException } from '@arobase/core';
import type { BlogStore, UserRow } from '../db/store';

/** The session cookie's name. */
export const SESSION_COOKIE = 'session';

/**
 * The signed-in user, for `@Depends(CurrentUser)`: reads the signed session cookie (a tampered one
 * reads as missing) and answers 401 when there is no live session.
 *
 * @example
 * ```ts
 * @Get('/me') @ResponseModel(UserOut)
 * me(@Depends(CurrentUser) user: UserRow) { return user; }
 * ```
 */
export class CurrentUser {
  constructor(private readonly store: BlogStore) {}

  async resolve(@Cookie(SESSION_COOKIE, { signed: true }) token?: string): Promise<UserRow> {
    const user = token === undefined ? undefined : await this.store.sessionUser(token);
    if (user === undefined) throw new HttpException(401, 'Not authenticated');
    return user;
  }
}

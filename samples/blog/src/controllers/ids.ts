import { HttpException } from '@arobase/core';
import { MAX_ID } from '../db/store';

/**
 * A row id from the path: `1.5`, `-3` or one beyond what the database stores parse as numbers but
 * name no row, so they are a 404 (never a database error).
 */
export function positiveId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) throw new HttpException(404, `${what} not found`);
  return id;
}

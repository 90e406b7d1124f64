import { HttpException } from '@arobase/core';

/** A row id from the path: `1.5` or `-3` parse as numbers but name no row, so they are a 404. */
export function positiveId(id: number, what: string): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new HttpException(404, `${what} not found`);
  return id;
}

/** Why a database could not be opened, in words a CLI can print as they are. */
export class DatabaseOpenError extends Error {
  constructor(
    /** The file, or the server's URL without its password. */
    readonly path: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot open the database at ${path}: ${reason}`, options);
    this.name = 'DatabaseOpenError';
  }
}

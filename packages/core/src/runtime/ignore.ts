/**
 * Marks a promise's rejection as handled (`p.catch(ignore)`) where nobody may await it: an
 * unhandled rejection would stop the process.
 */
export function ignore(): void {}

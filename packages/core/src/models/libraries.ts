import type * as ClassValidator from 'class-validator';

let validator: typeof ClassValidator | undefined;

/**
 * class-validator, loaded on first use. With validator.js and libphonenumber-js it is more than half
 * the modules `import '@arobase/core'` would load, and an app whose routes validate no input (and
 * no response) never needs it: its start-up does not pay for it.
 */
export function classValidator(): typeof ClassValidator {
  // A lazy require is the point: `import()` would make every caller async.
  return (validator ??= require('class-validator') as typeof ClassValidator);
}

/** What every response's `init.headers` takes: what a WHATWG `Headers` is built from. */
export type HeadersInit = ConstructorParameters<typeof Headers>[0];

// RFC 9110 §5.5: a field value is visible characters, spaces and tabs. Node refuses the other
// control characters only when it writes the head: checked here, where the value is given.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;

/** Why `name: value` cannot be sent, or `undefined` when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (CONTROL.test(name)) return `the name ${JSON.stringify(name)} has a control character`;
  if (CONTROL.test(value)) {
    return `the value of ${JSON.stringify(name)} has a control character (${JSON.stringify(value)})`;
  }
  return undefined;
}

function assertHeader(name: string, value: string, where: string): void {
  const problem = headerProblem(name, value);
  if (problem !== undefined) throw new TypeError(`${where}: invalid header: ${problem}`);
}

// @types/node declares Headers' methods as properties, which a subclass may not override: the base
// is typed by the methods it overrides, and the interface below gives back the rest of Headers.
interface HeadersMethods {
  set(name: string, value: string): void;
  append(name: string, value: string): void;
  entries(): IterableIterator<[string, string]>;
}
type HeadersClass = new (init?: HeadersInit) => HeadersMethods;

export interface CheckedHeaders extends Omit<Headers, keyof HeadersMethods>, HeadersMethods {}

type CheckedHeadersClass = new (init?: HeadersInit, where?: string) => CheckedHeaders;
let Checked: CheckedHeadersClass | undefined;

/**
 * A WHATWG `Headers` that also refuses every control character but tab (it refuses only CR, LF and
 * NUL), in `set`, `append` and the headers it is built from: the mistake is a `TypeError` where it is
 * made, never a 500 when the reply is written.
 *
 * The class is defined on the first call: Node loads its `Headers` (undici, 15 to 40 ms) when the
 * global is first read, and an app whose routes never touch `res.headers` should not pay that at
 * start-up.
 */
export function checkedHeaders(init?: HeadersInit, where = 'Headers'): CheckedHeaders {
  Checked ??= defineCheckedHeaders();
  return new Checked(init, where);
}

function defineCheckedHeaders(): CheckedHeadersClass {
  return class CheckedHeaders extends (Headers as HeadersClass) {
    constructor(init?: HeadersInit, where = 'Headers') {
      // Checked after WHATWG's own rules (a token name, no CR or LF) and its trimming of the value.
      try {
        super(init);
      } catch (error) {
        throw new TypeError(`${where}: invalid headers: ${(error as Error).message}`, { cause: error });
      }
      if (init !== undefined && !(init instanceof CheckedHeaders)) {
        for (const [name, value] of super.entries()) assertHeader(name, value, where);
      }
    }

    override set(name: string, value: string): void {
      assertHeader(String(name), trim(String(value)), 'Headers.set');
      super.set(name, value);
    }

    override append(name: string, value: string): void {
      assertHeader(String(name), trim(String(value)), 'Headers.append');
      super.append(name, value);
    }
  } as unknown as CheckedHeadersClass;
}

/** WHATWG's normalisation of a value: leading and trailing spaces, tabs, CR and LF go. */
function trim(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

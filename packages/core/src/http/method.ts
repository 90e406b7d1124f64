/** A method a route decorator answers: `@Get` is `'GET'` (and answers HEAD too). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

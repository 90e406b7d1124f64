export { arobaseChai } from './chai-plugin';
export {
  type CheckedResponse,
  Contract,
  type ContractDocument,
  ContractError,
  contractOf,
  documentOf,
} from './contract';
export {
  headerOf,
  isDeletion,
  type ResponseLike,
  setCookieLines,
  setCookieOf,
  setCookiesOf,
  statusOf,
} from './set-cookie';
export { type RequestOptions, TestClient, type TestClientOptions } from './test-client';
export { TestResponse } from './test-response';
export type { RawRequest, RawResponse, Transport } from './transport';

import { expect } from 'chai';

/** The error `createApp` rejects with (fails the test when it resolves). */
export async function startupError(promise: Promise<unknown>): Promise<Error> {
  try {
    const app = (await promise) as { close(): Promise<void> };
    await app.close();
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as Error;
  }
  expect.fail('createApp should have refused to start');
}

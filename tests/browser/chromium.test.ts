import { expect } from 'chai';
import { launchBrowser } from './chromium';

describe('browser: the suite itself', () => {
  it('fails, saying how to install Chromium, when the browser is missing (it never skips)', async () => {
    const error = await launchBrowser('/nonexistent/chromium').then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.include('/nonexistent/chromium').and.include('apt-get install -y chromium');
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestClient } from '@arobase/testing';
import { expect } from 'chai';
import { type Blog, ENGINES, freshBlog, signedIn } from './helpers';

for (const engine of ENGINES) {
  describe(`blog sample on ${engine}: the CSV exports`, () => {
    let blog: Blog;
    let ada: TestClient;
    beforeEach(async () => {
      blog = await freshBlog({ engine });
      ada = blog.client();
      await signedIn(ada, 'ada@example.com');
      await ada.post('/posts', { json: { title: 'Hello', body: 'First post' } });
    });
    afterEach(() => blog.close());

    const snapshots = () => readdirSync(join(blog.dir, 'exports'));

    it('serves the same snapshot while no post changes: one ETag, 304, and resumable ranges', async () => {
      const first = await blog.client().get('/posts/export.csv');
      const second = await blog.client().get('/posts/export.csv');
      expect(first).to.have.status(200).and.header('etag');
      expect(second).to.have.header('etag', first.header('etag')!);
      expect(second).to.have.header('last-modified', first.header('last-modified')!);
      expect(snapshots()).to.have.length(1);

      const cached = await blog.client().get('/posts/export.csv', {
        headers: { 'if-none-match': first.header('etag')! },
      });
      expect(cached).to.have.status(304);
      expect(cached.rawBody.length).to.equal(0);

      const rest = await blog.client().get('/posts/export.csv', {
        headers: { range: 'bytes=10-', 'if-range': first.header('etag')! },
      });
      expect(rest).to.have.status(206);
      expect(rest.text).to.equal(first.text.slice(10));
    });

    it('writes a new snapshot with a new ETag after a post is created, changed or deleted', async () => {
      const etags = [(await ada.get('/posts/export.csv')).header('etag')];
      await ada.post('/posts', { json: { title: 'Second', body: 'b' } });
      etags.push((await ada.get('/posts/export.csv')).header('etag'));
      await ada.put('/posts/2', { json: { title: 'Second, edited', body: 'b' } });
      const edited = await ada.get('/posts/export.csv');
      etags.push(edited.header('etag'));
      expect(edited.text).to.contain('Second, edited');
      await ada.delete('/posts/2');
      const deleted = await ada.get('/posts/export.csv');
      etags.push(deleted.header('etag'));
      expect(deleted.text).not.to.contain('Second');
      expect(new Set(etags).size).to.equal(4);
      // The old ETag no longer matches, so a cache gets the new file; older files are removed.
      const stale = await ada.get('/posts/export.csv', { headers: { 'if-none-match': etags[0]! } });
      expect(stale).to.have.status(200);
      expect(snapshots()).to.have.length(1);
    });

    it('sees a change made by another connection (another worker or instance, a SQL shell)', async () => {
      const before = await ada.get('/posts/export.csv');
      await blog.sql("UPDATE posts SET title = 'Changed elsewhere' WHERE id = 1");
      const after = await ada.get('/posts/export.csv');
      expect(after.header('etag')).not.to.equal(before.header('etag'));
      expect(after.text).to.contain('Changed elsewhere');
    });

    it('shows authors by id, never by email, in both exports', async () => {
      for (const url of ['/posts/export.csv', '/posts/export.stream.csv']) {
        const res = await blog.client().get(url);
        expect(res.text, url).not.to.contain('@example');
        expect(res.text.split('\r\n')[1], url).to.match(/^1,Hello,1,/);
      }
    });

    it("neutralises spreadsheet formulas with a leading ' in both exports", async () => {
      const risky = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3', '@SUM(A1)', '\tx', '\rcmd'];
      for (const title of risky) await ada.post('/posts', { json: { title, body: title } });
      await ada.post('/posts', { json: { title: 'a=b, -c', body: 'plain' } });
      const file = await ada.get('/posts/export.csv');
      const stream = await ada.get('/posts/export.stream.csv');
      expect(stream.text).to.equal(file.text);
      const text = file.text;
      expect(text).to.contain(`,"'=HYPERLINK(""http://evil.example"",""x"")",1,`);
      expect(text).to.contain(`,'+1+2,1,`);
      expect(text).to.contain(`,'-3,1,`);
      expect(text).to.contain(`,'@SUM(A1),1,`);
      expect(text).to.contain(`,'\tx,1,`);
      expect(text).to.contain(`,"'\rcmd",1,`);
      expect(text).to.match(/,"a=b, -c",1,[^,]+,plain\r\n/); // only a leading character counts
      // Every risky value, title and body alike, starts with the quote once unquoted.
      const bodies = text.match(/,'[=+\-@\t]|,"'[=\r]/g) ?? [];
      expect(bodies).to.have.length(risky.length * 2);
    });
  });
}

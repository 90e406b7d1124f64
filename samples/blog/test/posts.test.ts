import type { TestClient } from '@arobase/testing';
import { expect } from 'chai';
import { type Blog, ENGINES, freshBlog, signedIn } from './helpers';

for (const engine of ENGINES) {
  describe(`blog sample on ${engine}: posts`, () => {
    let blog: Blog;
    let ada: TestClient;
    beforeEach(async () => {
      blog = await freshBlog({ engine });
      ada = blog.client();
      await signedIn(ada, 'ada@example.com');
    });
    afterEach(() => blog.close());

    it('creates a post: 201, a Location, the author without their email or password hash', async () => {
      const res = await ada.post('/posts', { json: { title: 'Hello', body: 'First post' } });
      expect(res).to.have.status(201).and.header('location', '/posts/1');
      const post = res.json();
      expect(post).to.have.all.keys('id', 'title', 'body', 'createdAt', 'updatedAt', 'author');
      expect(post.author).to.deep.equal({ id: 1 });
      expect(res.text).not.to.match(/password|scrypt|@example/);
      const read = await ada.get('/posts/1');
      expect(read).to.have.status(200);
      expect(read.json()).to.deep.equal(post);
    });

    it('needs a session to write, and valid input', async () => {
      const anonymous = blog.client();
      expect(await anonymous.post('/posts', { json: { title: 'x', body: 'y' } })).to.have.status(401);
      const bad = await ada.post('/posts', { json: { title: '', body: 3 } });
      expect(bad).to.have.status(422);
      expect(bad.json().detail.map((d: { loc: string[] }) => d.loc.join('.'))).to.include.members([
        'body.title',
        'body.body',
      ]);
      // A wrong type is one issue, its type's, with the value received.
      const typed = await ada.post('/posts', { json: { title: 5, body: 'text' } });
      expect(typed.json().detail).to.deep.equal([
        { loc: ['body', 'title'], msg: 'title must be a string', type: 'isString', input: 5 },
      ]);
    });

    it('answers 404 for a missing or impossible id and 422 for one that is not a number', async () => {
      expect(await ada.get('/posts/99')).to.have.status(404);
      expect(await ada.get('/posts/1.5')).to.have.status(404);
      expect(await ada.get('/posts/0')).to.have.status(404);
      expect(await ada.get('/posts/abc')).to.have.status(422);
      // Ids the database cannot hold name no post: a 404 for reads and writes, never a database error.
      for (const id of ['9007199254740992', '1e20', '9'.repeat(30)]) {
        expect(await ada.get(`/posts/${id}`), id).to.have.status(404);
        expect(await ada.put(`/posts/${id}`, { json: { title: 't', body: 'b' } }), id).to.have.status(404);
        expect(await ada.delete(`/posts/${id}`), id).to.have.status(404);
        expect(await ada.get(`/users/${id}`), id).to.have.status(404);
      }
    });

    it('PUT creates under an id up to 2^31 - 1 only, so that no client can use up the ids POST hands out', async () => {
      const beyond = await ada.put('/posts/2147483648', { json: { title: 'far', body: 'b' } });
      expect(beyond).to.have.status(422);
      expect(beyond.json().detail).to.deep.equal([
        {
          loc: ['path', 'id'],
          msg: 'A post can be created under an id up to 2147483647',
          type: 'less_than_equal',
          input: 2147483648,
        },
      ]);
      const highest = await ada.put('/posts/2147483647', { json: { title: 'last', body: 'b' } });
      expect(highest).to.have.status(201);
      const next = await ada.post('/posts', { json: { title: 'after it', body: 'b' } });
      expect(next).to.have.status(201).and.header('location', '/posts/2147483648');
      expect((await ada.get('/posts/2147483648')).json()).to.include({ id: 2147483648, title: 'after it' });
      // A post that exists beyond the bound is still the author's to replace.
      const replaced = await ada.put('/posts/2147483648', { json: { title: 'edited', body: 'b' } });
      expect(replaced).to.have.status(200);
      expect(replaced.json()).to.include({ id: 2147483648, title: 'edited' });
    });

    it('PUT creates with 201 and a Location, then updates with 200', async () => {
      const created = await ada.put('/posts/7', { json: { title: 'Seven', body: 'v1' } });
      expect(created).to.have.status(201).and.header('location', '/posts/7');
      expect(created.json()).to.include({ id: 7, title: 'Seven' });
      const updated = await ada.put('/posts/7', { json: { title: 'Seven, again', body: 'v2' } });
      expect(updated).to.have.status(200);
      expect(updated).not.to.have.header('location');
      expect(updated.json()).to.include({ id: 7, title: 'Seven, again', body: 'v2' });
      expect(updated.json().updatedAt >= created.json().updatedAt).to.equal(true);
    });

    it("PUT on someone else's post is a 403 that changes nothing", async () => {
      await ada.put('/posts/3', { json: { title: 'Mine', body: 'ada' } });
      const bob = blog.client();
      await signedIn(bob, 'bob@example.com');
      const res = await bob.put('/posts/3', { json: { title: 'Stolen', body: 'bob' } });
      expect(res).to.have.status(403);
      expect((await bob.get('/posts/3')).json().title).to.equal('Mine');
    });

    it('lists posts with X-Total-Count, Cache-Control, limit and offset', async () => {
      for (const title of ['one', 'two', 'three']) await ada.post('/posts', { json: { title, body: title } });
      const page = await ada.get('/posts', { query: { limit: 2, offset: 1 } });
      expect(page).to.have.status(200);
      expect(page).to.have.header('x-total-count', '3').and.header('cache-control', 'public, max-age=5');
      expect(page.json().map((p: { title: string }) => p.title)).to.deep.equal(['two', 'three']);
      expect(page.text).not.to.match(/password|scrypt|@example/);
      expect((await ada.get('/posts')).json()).to.have.length(3); // limit 20, offset 0
    });

    it('answers a bad limit or offset with the 422 list every other input error has', async () => {
      const cases: [Record<string, string | number>, string, string][] = [
        [{ limit: 0 }, 'limit', 'min'],
        [{ limit: 101 }, 'limit', 'max'],
        [{ limit: 2.5 }, 'limit', 'isInt'],
        [{ limit: 'many' }, 'limit', 'number_parsing'],
        [{ offset: -1 }, 'offset', 'min'],
        // Beyond what the database holds: refused before SQL sees it, on both engines.
        [{ offset: '1e20' }, 'offset', 'max'],
        [{ offset: 2 ** 53 }, 'offset', 'max'],
        [{ offset: '9'.repeat(400) }, 'offset', 'number_parsing'], // Infinity is no number to page by
        [{ limit: '1e20' }, 'limit', 'max'],
      ];
      for (const [query, field, type] of cases) {
        const res = await ada.get('/posts', { query });
        expect(res, JSON.stringify(query)).to.have.status(422);
        const { detail } = res.json();
        expect(detail, JSON.stringify(query)).to.have.length(1);
        expect(detail[0]).to.include({ type }).and.have.property('msg').that.is.a('string');
        expect(detail[0].loc).to.deep.equal(['query', field]);
      }
      const last = await ada.get('/posts', { query: { offset: Number.MAX_SAFE_INTEGER } });
      expect(last).to.have.status(200);
      expect(last.json()).to.deep.equal([]);
      const both = await ada.get('/posts', { query: { limit: 0, offset: -1 } });
      expect(both.json().detail.map((d: { loc: string[] }) => d.loc[1])).to.deep.equal(['limit', 'offset']);
    });

    it("DELETE removes the author's own post with a body-less 204; 401, 403 and 404 otherwise", async () => {
      await ada.post('/posts', { json: { title: 'Doomed', body: 'x' } });
      expect(await blog.client().delete('/posts/1')).to.have.status(401);
      const bob = blog.client();
      await signedIn(bob, 'bob@example.com');
      const forbidden = await bob.delete('/posts/1');
      expect(forbidden).to.have.status(403);
      expect(forbidden.json()).to.deep.equal({ detail: 'Only the author can delete this post' });
      expect(await ada.get('/posts/1')).to.have.status(200);

      const res = await ada.delete('/posts/1');
      expect(res).to.have.status(204);
      expect(res.rawBody.length).to.equal(0);
      expect(res).not.to.have.header('content-type');
      expect(res).not.to.have.header('content-length');
      expect(await ada.get('/posts/1')).to.have.status(404);
      expect(await ada.delete('/posts/1')).to.have.status(404);
      expect(await ada.delete('/posts/abc')).to.have.status(422);
      expect((await ada.get('/posts')).json()).to.deep.equal([]);
    });

    it('redirects /posts/latest to the newest post with a 307, or 404s on an empty blog', async () => {
      expect(await ada.get('/posts/latest')).to.have.status(404);
      await ada.post('/posts', { json: { title: 'a', body: 'a' } });
      await ada.post('/posts', { json: { title: 'b', body: 'b' } });
      const res = await ada.get('/posts/latest');
      expect(res).to.have.status(307).and.header('location', '/posts/2');
      expect(res.text).to.equal('');
    });

    it('exports CSV as a file download and as a stream, with the same RFC 4180 content', async () => {
      await ada.post('/posts', { json: { title: 'Hello, "world"', body: 'line 1\nline 2' } });
      await ada.post('/posts', { json: { title: 'Plain', body: 'text' } });
      const file = await ada.get('/posts/export.csv');
      expect(file).to.have.status(200);
      expect(file).to.have.header('content-type', 'text/csv; charset=utf-8');
      expect(file).to.have.header('content-disposition', /^attachment; filename="?posts\.csv"?$/);
      expect(file).to.have.header('content-length', String(file.rawBody.length));
      const lines = file.text.split('\r\n');
      expect(lines[0]).to.equal('id,title,author_id,created_at,body');
      expect(lines[1]).to.match(/^1,"Hello, ""world""",1,[\d-]+T[\d:.]+Z,"line 1\nline 2"$/);
      expect(lines[2]).to.match(/^2,Plain,1,.*,text$/);
      expect(file.text).not.to.contain('@example');
      expect(lines[3]).to.equal('');

      const stream = await ada.get('/posts/export.stream.csv');
      expect(stream).to.have.status(200);
      expect(stream).to.have.header('content-type', 'text/csv; charset=utf-8');
      expect(stream).to.have.header('content-disposition', 'attachment; filename="posts.csv"');
      expect(stream.text).to.equal(file.text);
    });

    it('streams a large export in batches from its own connection while requests go on', async () => {
      // One statement both engines run: 1000 rows written by another connection.
      await blog.sql(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
         INSERT INTO posts (author_id, title, body) SELECT 1, 'post ' || i, 'body' FROM n`,
      );
      const [stream, list] = await Promise.all([ada.get('/posts/export.stream.csv'), ada.get('/posts')]);
      expect(list).to.have.header('x-total-count', '1000');
      const lines = stream.text.trimEnd().split('\r\n');
      expect(lines).to.have.length(1001);
      expect(lines[1000]).to.match(/^1000,post 1000,/);
    });

    it('serves an HTML health page, and HEAD on it', async () => {
      const res = await ada.get('/health');
      expect(res).to.have.status(200);
      expect(res)
        .to.have.header('content-type', 'text/html; charset=utf-8')
        .and.header('cache-control', 'no-store');
      expect(res.text)
        .to.match(/<h1>OK<\/h1>/)
        .and.match(/0 posts/);
      const head = await ada.head('/health');
      expect(head).to.have.status(200);
      expect(head.text).to.equal('');
    });
  });
}

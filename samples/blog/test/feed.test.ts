import type { AddressInfo } from 'node:net';
import type { TestClient } from '@arobase/testing';
import { expect } from 'chai';
import { EventSource } from 'eventsource';
import { type Blog, ENGINES, freshBlog, signedIn } from './helpers';

for (const engine of ENGINES)
  describe(`blog sample on ${engine}: live feed, JSON Lines, views and batches`, () => {
    let blog: Blog;
    let ada: TestClient;
    beforeEach(async () => {
      blog = await freshBlog({ engine });
      ada = blog.client();
      await signedIn(ada, 'ada@example.com');
    });
    afterEach(() => blog.close());

    async function post(title: string) {
      const res = await ada.post('/posts', { json: { title, body: `About ${title}` } });
      expect(res).to.have.status(201);
      return res.json().id as number;
    }

    it('streams each new post as an SSE event through PostOut, and resumes from Last-Event-ID', async () => {
      await post('before the feed');
      await blog.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = blog.app.server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/posts/events`;

      const source = new EventSource(url);
      await new Promise((resolve) => source.addEventListener('open', resolve));
      const live: MessageEvent[] = [];
      const got = new Promise<void>((resolve) =>
        source.addEventListener('post', (event) => {
          live.push(event);
          if (live.length === 2) resolve();
        }),
      );
      const second = await post('second');
      const third = await post('third');
      await got;
      source.close();
      expect(live.map((e) => e.lastEventId)).to.deep.equal([String(second), String(third)]);
      const data = JSON.parse(live[0].data);
      expect(data).to.have.all.keys('id', 'title', 'body', 'createdAt', 'updatedAt', 'author');
      expect(data.author).to.deep.equal({ id: 1 });
      expect(live.map((e) => e.data).join()).to.not.match(/password|scrypt|@example/);

      // A client that saw the first post only gets the two after it, then the stream stays open.
      const resumed = await fetch(url, { headers: { 'last-event-id': '1' } });
      expect(resumed.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
      const reader = resumed.body!.getReader();
      let text = '';
      while (!text.includes(`id: ${third}\n`)) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      expect(text.startsWith('retry: 3000\n\n')).to.equal(true);
      expect([...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).to.deep.equal([second, third]);
      // fetch (undici) keeps a spare connection open after a cancel, which would hold app.close().
      blog.app.server.closeAllConnections();
    });

    it('exports every post as JSON Lines through PostOut', async () => {
      for (const title of ['one', 'two', 'three']) await post(title);
      const res = await ada.get('/posts.jsonl');
      expect(res).to.have.status(200).and.header('content-type', 'application/jsonl');
      const lines = res.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((p) => p.title)).to.deep.equal(['one', 'two', 'three']);
      expect(res.text).to.not.match(/password|scrypt|@example/);
    });

    it('counts views in a background task after the post is answered', async () => {
      const id = await post('popular');
      expect((await ada.get(`/posts/${id}/views`)).json()).to.deep.equal({ id, views: 0 });
      for (let i = 0; i < 3; i++) expect(await ada.get(`/posts/${id}`)).to.have.status(200);
      let views = 0;
      for (let tries = 0; tries < 100 && views < 3; tries++) {
        views = (await ada.get(`/posts/${id}/views`)).json().views;
      }
      expect(views).to.equal(3);
      expect(await ada.get('/posts/99/views')).to.have.status(404);
    });

    it('writes a batch all together, or none of it when one post conflicts (a real transaction)', async () => {
      const ok = await ada.post('/posts/batch', {
        json: {
          posts: [
            { title: 'a', body: 'x' },
            { id: 10, title: 'b', body: 'y' },
          ],
        },
      });
      expect(ok).to.have.status(201);
      expect(ok.json().map((p: { id: number }) => p.id)).to.deep.equal([1, 10]);

      const conflict = await ada.post('/posts/batch', {
        json: {
          posts: [
            { title: 'created, then rolled back', body: 'z' },
            { id: 10, title: 'taken', body: 'z' },
          ],
        },
      });
      expect(conflict).to.have.status(409);
      expect(conflict.json()).to.deep.equal({
        detail: 'Post 10 already exists: none of the batch was written',
      });
      // The first post of the failed batch was inserted by the handler, then rolled back.
      const titles = (await ada.get('/posts')).json().map((p: { title: string }) => p.title);
      expect(titles).to.deep.equal(['a', 'b']);
      expect(await blog.sql('SELECT count(*) AS n FROM posts')).to.deep.equal([
        { n: engine === 'sqlite' ? 2 : '2' },
      ]);
      expect(await ada.post('/posts', { json: { title: 'after', body: 'the rollback' } })).to.have.status(
        201,
      );
    });
  });

import { expect } from 'chai';
import { type Blog, ENGINES, freshBlog, PASSWORD, signedIn } from './helpers';

for (const engine of ENGINES) {
  describe(`blog sample on ${engine}: users and sessions`, () => {
    let blog: Blog;
    beforeEach(async () => {
      blog = await freshBlog({ engine });
    });
    afterEach(() => blog.close());

    it('signs up with 201, a Location and the public fields only', async () => {
      const res = await blog
        .client()
        .post('/auth/signup', { json: { email: 'ada@example.com', password: PASSWORD } });
      expect(res).to.have.status(201).and.header('location', '/users/1');
      expect(res.json()).to.have.all.keys('id', 'email', 'createdAt');
      expect(res.text).not.to.match(/password|scrypt/);
    });

    it('shows a user publicly without their email, and the email only to themselves on /me', async () => {
      const client = blog.client();
      await signedIn(client, 'ada@example.com');
      const anonymous = await blog.client().get('/users/1');
      expect(anonymous).to.have.status(200);
      expect(anonymous.json()).to.have.all.keys('id', 'createdAt');
      expect(anonymous.text).not.to.match(/@example|password|scrypt/);
      expect(await blog.client().get('/users/2')).to.have.status(404);
      const me = await client.get('/me');
      expect(me.json()).to.deep.equal({ ...anonymous.json(), email: 'ada@example.com' });
    });

    it('stores an scrypt hash, never the password', async () => {
      await blog.client().post('/auth/signup', { json: { email: 'ada@example.com', password: PASSWORD } });
      const [row] = await blog.sql('SELECT password_hash FROM users');
      expect(row.password_hash).to.match(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
      expect(row.password_hash).not.to.contain(PASSWORD);
    });

    it('refuses a taken email (409) and bad input (422 with the field)', async () => {
      const client = blog.client();
      await client.post('/auth/signup', { json: { email: 'ada@example.com', password: PASSWORD } });
      const again = await client.post('/auth/signup', {
        json: { email: 'ADA@example.com', password: PASSWORD },
      });
      expect(again).to.have.status(409);
      expect(again.json()).to.deep.equal({ detail: 'This email is already registered' });
      const bad = await client.post('/auth/signup', { json: { email: 'not-an-email', password: 'short' } });
      expect(bad).to.have.status(422);
      const locs = bad.json().detail.map((d: { loc: string[] }) => d.loc.join('.'));
      expect(locs).to.include.members(['body.email', 'body.password']);
      for (const issue of bad.json().detail) expect(issue).to.have.property('input');
    });

    it('answers an empty signup as FastAPI does: one `missing` issue per field, nothing else', async () => {
      const res = await blog.client().post('/auth/signup', { json: {} });
      expect(res).to.have.status(422);
      expect(res.json()).to.deep.equal({
        detail: [
          { loc: ['body', 'email'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'password'], msg: 'Field required', type: 'missing' },
        ],
      });
    });

    it('logs in with a signed, HttpOnly, Secure, SameSite=Lax session cookie', async () => {
      const client = blog.client();
      await client.post('/auth/signup', { json: { email: 'ada@example.com', password: PASSWORD } });
      const res = await client.post('/auth/login', {
        json: { email: 'ada@example.com', password: PASSWORD },
      });
      expect(res).to.have.status(200);
      expect(res)
        .to.have.cookie('session')
        .that.is.httpOnly.and.secure.and.sameSite('lax')
        .and.maxAge(7 * 24 * 3600)
        .and.path('/');
      expect(res.cookie('session')!.value).to.match(/^[\w-]+\.[\w%+/=-]+$/);
      expect(res.json()).to.have.all.keys('id', 'email', 'createdAt');
    });

    it('answers 401 to a wrong password and to an unknown email, alike', async () => {
      const client = blog.client();
      await client.post('/auth/signup', { json: { email: 'ada@example.com', password: PASSWORD } });
      const wrong = await client.post('/auth/login', {
        json: { email: 'ada@example.com', password: 'nope-nope' },
      });
      const unknown = await client.post('/auth/login', {
        json: { email: 'bob@example.com', password: PASSWORD },
      });
      for (const res of [wrong, unknown]) {
        expect(res).to.have.status(401);
        expect(res).not.to.have.cookie('session');
        expect(res.json()).to.deep.equal({ detail: 'Incorrect email or password' });
      }
    });

    it('GET /me reads the CurrentUser dependency: 401 without, with a tampered or a logged-out session', async () => {
      const client = blog.client();
      expect(await client.get('/me')).to.have.status(401);
      await signedIn(client, 'ada@example.com');
      const me = await client.get('/me');
      expect(me).to.have.status(200);
      expect(me.json()).to.include({ id: 1, email: 'ada@example.com' });
      const token = (await client.getCookie('session'))!.value;
      const tampered = await blog.app.inject({ url: '/me', cookies: { session: `x${token}` } });
      expect(tampered).to.have.status(401).and.matchContract(blog.app);
      expect(tampered.json()).to.deep.equal({ detail: 'Not authenticated' });

      const logout = await client.post('/auth/logout');
      expect(logout).to.have.status(200);
      expect(logout).to.have.cookie('session', '').that.is.deleted.and.path('/');
      expect(await client.getCookie('session')).to.equal(undefined);
      expect(await client.get('/me')).to.have.status(401);
      // The session is gone server-side too: replaying the old cookie does not work.
      const replay = await client.get('/me', { headers: { cookie: `session=${token}` } });
      expect(replay).to.have.status(401);
    });

    it('keeps sessions across a restart: the generated secret lives in the database', async () => {
      const client = blog.client();
      await signedIn(client, 'ada@example.com');
      const cookie = (await client.getCookie('session'))!.cookieString();
      await blog.close(true);
      const again = await freshBlog({ engine, again: blog });
      try {
        const me = await again.app.inject({ url: '/me', headers: { cookie } });
        expect(me).to.have.status(200).and.matchContract(again.app);
        const other = await freshBlog({
          engine,
          again: blog,
          cookieSecret: 'another-secret-from-the-environment',
        });
        try {
          expect(await other.app.inject({ url: '/me', headers: { cookie } })).to.have.status(401);
        } finally {
          await other.close(true);
        }
      } finally {
        blog = again;
      }
    });

    it('rotates the cookie secret with a key list: the newest signs, older ones still verify', async () => {
      const client = blog.client();
      await signedIn(client, 'ada@example.com');
      await blog.close(true);
      const old = await freshBlog({ engine, again: blog, cookieSecret: 'old-key' });
      const cookie = (
        await old.client().post('/auth/login', { json: { email: 'ada@example.com', password: PASSWORD } })
      ).cookie('session')!;
      await old.close(true);
      // BLOG_COOKIE_SECRET holds the list, newest first (what a deploy sets on every instance).
      process.env.BLOG_COOKIE_SECRET = 'new-key, old-key';
      const rotated = await freshBlog({ engine, again: blog }).finally(() => {
        delete process.env.BLOG_COOKIE_SECRET;
      });
      try {
        const me = await rotated.app.inject({ url: '/me', cookies: { session: cookie.value } });
        expect(me).to.have.status(200).and.matchContract(rotated.app);
        const login = await rotated
          .client()
          .post('/auth/login', { json: { email: 'ada@example.com', password: PASSWORD } });
        const fresh = login.cookie('session')!.value;
        expect(fresh.slice(fresh.lastIndexOf('.'))).not.to.equal(
          cookie.value.slice(cookie.value.lastIndexOf('.')),
        );
        await rotated.close(true);
        const retired = await freshBlog({ engine, again: blog, cookieSecret: 'new-key' });
        blog = retired;
        expect(await retired.app.inject({ url: '/me', cookies: { session: cookie.value } })).to.have.status(
          401,
        );
        expect(await retired.app.inject({ url: '/me', cookies: { session: fresh } })).to.have.status(200);
      } catch (error) {
        blog = rotated;
        throw error;
      }
    });
  });
}

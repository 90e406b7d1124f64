import { expect } from 'chai';
import { InvalidArgumentError } from 'commander';
import { buildProgram } from '../src/cli/main';
import {
  parseGrace,
  parseHost,
  parsePool,
  parsePort,
  parseSeconds,
  parseTrustProxy,
  parseWorkers,
} from '../src/cli/options';
import { routesJson, routesTable } from '../src/cli/routes';
import { serverTimeouts } from '../src/cli/timeouts';

describe('blog sample: CLI pieces', () => {
  it('parses ports, workers and hosts, refusing the rest with a reason', () => {
    expect(parsePort('0')).to.equal(0);
    expect(parsePort('3000')).to.equal(3000);
    for (const bad of ['abc', '-1', '65536', '3.5', '']) {
      expect(() => parsePort(bad), bad).to.throw(InvalidArgumentError, /integer from 0 to 65535/);
    }
    expect(parseWorkers('4')).to.equal(4);
    for (const bad of ['0', 'two', '65']) expect(() => parseWorkers(bad), bad).to.throw(InvalidArgumentError);
    expect(parseHost('0.0.0.0')).to.equal('0.0.0.0');
    expect(() => parseHost('http://x')).to.throw(InvalidArgumentError);
    expect(parseGrace('2.5')).to.equal(2.5);
    for (const bad of ['abc', '0', '-1', ''])
      expect(() => parseGrace(bad), bad).to.throw(InvalidArgumentError);
  });

  it("takes the last --port given, so `npm start -- --port 3001` overrides the script's 3000", async () => {
    const program = buildProgram();
    const serve = program.commands.find((c) => c.name() === 'serve')!;
    let parsed: { port?: number; db?: string } = {};
    serve.action((options) => {
      parsed = options;
    });
    // What npm runs for the root's `npm start -- --port 3001`: its own arguments, then the user's.
    const script = ['serve', '--port', '3000'];
    await program.parseAsync(['node', 'blog', ...script, '--port', '3001']);
    expect(parsed).to.include({ port: 3001, db: './data/blog.db', pool: 10, requestTimeout: 30 });
  });

  it('takes the database from --db, else DATABASE_URL, else ./data/blog.db', async () => {
    const parse = async (argv: string[], env?: string) => {
      const saved = process.env.DATABASE_URL;
      if (env === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = env;
      try {
        const program = buildProgram();
        let db = '';
        program.commands
          .find((c) => c.name() === 'serve')!
          .action((options) => {
            db = options.db;
          });
        await program.parseAsync(['node', 'blog', 'serve', ...argv]);
        return db;
      } finally {
        if (saved === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = saved;
      }
    };
    const url = 'postgres://blog@db.internal:5432/blog';
    expect(await parse([])).to.equal('./data/blog.db');
    expect(await parse([], url)).to.equal(url); // DATABASE_URL=... npm start
    expect(await parse(['--db', './other.db'], url)).to.equal('./other.db');
  });

  it('parses the pool size, timeouts and trusted proxies, refusing the rest with a reason', () => {
    expect(parsePool('4')).to.equal(4);
    for (const bad of ['0', '101', 'x'])
      expect(() => parsePool(bad), bad).to.throw(InvalidArgumentError, /1 to 100/);
    expect(parseSeconds('30')).to.equal(30);
    for (const bad of ['0', '1.5', '3601', ''])
      expect(() => parseSeconds(bad), bad).to.throw(InvalidArgumentError);
    expect(parseTrustProxy('1')).to.equal(1);
    expect(parseTrustProxy('true')).to.equal(true);
    expect(parseTrustProxy('10.0.0.0/8,127.0.0.1')).to.equal('10.0.0.0/8,127.0.0.1');
    for (const bad of ['', 'a;b', '$(x)'])
      expect(() => parseTrustProxy(bad), bad).to.throw(InvalidArgumentError);
  });

  it('sets every server timeout, headers within the request limit, checked each second', () => {
    expect(serverTimeouts({ requestTimeout: 30, keepAliveTimeout: 65 })).to.deep.equal({
      requestTimeout: 30_000,
      keepAliveTimeout: 65_000,
      connectionTimeout: 120_000,
      http: { headersTimeout: 10_000, connectionsCheckingInterval: 1000 },
    });
    expect(serverTimeouts({ requestTimeout: 2, keepAliveTimeout: 5 }).http).to.deep.equal({
      headersTimeout: 2000,
      connectionsCheckingInterval: 1000,
    });
  });

  it('prints the route table from the decorators alone', () => {
    const table = routesTable();
    const lines = table.split('\n');
    expect(lines[0]).to.match(/^METHOD\s+PATH\s+STATUS\s+RESPONSE MODEL\s+RESPONSE CLASS\s+HANDLER$/);
    expect(table).to.match(
      /^POST\s+\/auth\/signup\s+201\s+UserOut\s+JSONResponse\s+AuthController\.signup$/m,
    );
    expect(table).to.match(/^GET\s+\/posts\s+200\s+\[PostOut\]\s+JSONResponse/m);
    expect(table).to.match(/^GET\s+\/posts\/latest\s+307\s+-\s+RedirectResponse/m);
    expect(table).to.match(/^GET\s+\/posts\/export\.csv\s+200\s+-\s+FileResponse/m);
    expect(table).to.match(/^GET\s+\/posts\/export\.stream\.csv\s+200\s+-\s+StreamingResponse/m);
    expect(table).to.match(/^GET\s+\/health\s+200\s+-\s+HTMLResponse/m);
    expect(table).to.match(/^DELETE\s+\/posts\/:id\s+204\s+-\s+JSONResponse\s+PostsController\.remove$/m);
    const json = JSON.parse(routesJson());
    expect(json).to.have.length(14);
    expect(json[0]).to.deep.equal({
      method: 'POST',
      path: '/auth/signup',
      handler: 'AuthController.signup',
      status: 201,
      responseModel: 'UserOut',
      responseClass: 'JSONResponse',
    });
  });
});

import { expect } from 'chai';
import { InvalidArgumentError } from 'commander';
import { buildProgram } from '../src/cli/main';
import { parseGrace, parseHost, parsePort, parseWorkers } from '../src/cli/options';
import { routesJson, routesTable } from '../src/cli/routes';

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
    const script = ['serve', '--port', '3000', '--db', './data/blog.db'];
    await program.parseAsync(['node', 'blog', ...script, '--port', '3001']);
    expect(parsed).to.include({ port: 3001, db: './data/blog.db' });
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
    expect(table).to.match(
      /^GET\s+\/posts\/events\s+200\s+PostOut\s+EventSourceResponse\s+FeedController\.events$/m,
    );
    expect(table).to.match(/^GET\s+\/posts\.jsonl\s+200\s+PostOut\s+JSONLinesResponse/m);
    expect(table).to.match(/^POST\s+\/posts\/batch\s+201\s+\[PostOut\]\s+JSONResponse/m);
    expect(table).to.match(/^DELETE\s+\/posts\/:id\s+204\s+-\s+JSONResponse\s+PostsController\.remove$/m);
    const json = JSON.parse(routesJson());
    expect(json).to.have.length(18);
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

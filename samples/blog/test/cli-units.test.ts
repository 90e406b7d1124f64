import { expect } from 'chai';
import { InvalidArgumentError } from 'commander';
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
    const json = JSON.parse(routesJson());
    expect(json).to.have.length(13);
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

#!/usr/bin/env node
// Before the tests: the browser suite needs Chromium and the PostgreSQL suites a PostgreSQL server,
// both from Debian's packages. Where they are missing and this is root on a Debian-like machine (CI,
// a fresh container), install them; otherwise say exactly what to install and stop, so that no suite
// is skipped silently.

const { existsSync, readdirSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function hasChromium() {
  return CHROMIUM.some((path) => existsSync(path));
}

function hasPostgres() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return false;
  return readdirSync(root).some((version) => existsSync(`${root}/${version}/bin/initdb`));
}

const missing = [];
if (!hasChromium()) missing.push('chromium');
if (!hasPostgres()) missing.push('postgresql');
if (missing.length === 0) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
if (!root || !apt) {
  console.error(
    `The test suites need ${missing.join(' and ')} (Debian packages: ${missing.join(' ')}).\n` +
      `Install them, e.g. \`sudo apt-get install -y ${missing.join(' ')}\`, then run the tests again.`,
  );
  process.exit(1);
}

function run(args) {
  console.log(`$ ${args.join(' ')}`);
  const result = spawnSync(args[0], args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`${args.join(' ')} failed (exit ${result.status}): install ${missing.join(' ')} by hand.`);
    process.exit(1);
  }
}

console.log(
  `Installing ${missing.join(' and ')} for the browser and PostgreSQL suites (once; takes a minute or two)...`,
);
run(['apt-get', 'update', '-q']);
run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing]);

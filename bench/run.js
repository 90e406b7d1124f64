// npm run bench: installs bench's own dependencies on first run (they never touch the workspace),
// compiles the bench servers with the workspace's tsc (decorator metadata needs tsc, not esbuild),
// then runs the benchmark. The root script builds the workspace first.
const { execFileSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { dirname, join } = require('node:path');

const bench = __dirname;
const root = dirname(bench);

function needsInstall() {
  const installed = join(bench, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return true;
  // A lock file changed since the last install (a pull that bumped a peer, say).
  return statSync(join(bench, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
}

if (needsInstall()) {
  console.log('bench: installing bench/ dependencies (npm ci --prefix bench)');
  execFileSync('npm', ['ci', '--prefix', bench, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

const tsc = join(dirname(require.resolve('typescript/package.json', { paths: [root] })), 'bin', 'tsc');
console.log('bench: compiling bench/ (tsc -b bench/tsconfig.json)');
execFileSync(process.execPath, [tsc, '-b', join(bench, 'tsconfig.json')], { stdio: 'inherit' });

require('./dist/main.js')
  .main(process.argv.slice(2), bench)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    console.error(`\nbench: FAILED: ${error.message}`);
    process.exitCode = 1;
  });

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

function step(what, command, args) {
  console.log(`bench: ${what}`);
  try {
    execFileSync(command, args, { stdio: 'inherit' });
  } catch {
    console.error(`bench: FAILED: ${what}`);
    process.exit(1);
  }
}

if (needsInstall()) {
  step('installing bench/ dependencies (npm ci --prefix bench)', 'npm', [
    'ci',
    '--prefix',
    bench,
    '--no-audit',
    '--no-fund',
  ]);
}

const tsc = join(dirname(require.resolve('typescript/package.json', { paths: [root] })), 'bin', 'tsc');
step('compiling bench/ (tsc -b bench/tsconfig.json)', process.execPath, [
  tsc,
  '-b',
  join(bench, 'tsconfig.json'),
]);

require('./dist/main.js')
  .main(process.argv.slice(2), bench)
  .then((code) => {
    process.exitCode = code;
    // The SSE scenario is a script of its own (sse.js); a run narrowed with --only leaves it out.
    const argv = process.argv.slice(2);
    if (code === 0 && !argv.includes('--only') && !argv.includes('--help')) {
      step('server-sent events (node bench/sse.js)', process.execPath, [
        join(bench, 'sse.js'),
        ...(argv.includes('--quick') ? ['--quick'] : []),
      ]);
    }
  })
  .catch((error) => {
    console.error(`\nbench: FAILED: ${error.message}`);
    process.exitCode = 1;
  });

#!/usr/bin/env node

// The compiled CLI (npm run build); reflect-metadata first, as every decorated arobase program needs.
require('reflect-metadata');
require('../dist/src/cli/main.js')
  .main(process.argv)
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

#!/usr/bin/env node
// The CLI runs the compiled server; `npm run build` produces dist/.
import { main } from '../dist/server/main.js';

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

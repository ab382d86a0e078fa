#!/usr/bin/env node
// The CLI runs the compiled server; `npm run build` produces dist/.
import { main } from '../dist/server/main.js';

/** Exit code for a flag or variable that can't be used (as `flowgate test` uses 2 for usage errors). */
const USAGE_ERROR = 2;

main(process.argv.slice(2)).catch((error) => {
  // A message is meant for people; an error without one (an AggregateError, say) shows its stack instead.
  console.error(error instanceof Error ? error.message || error.stack : error);
  process.exit(error?.name === 'ConfigError' ? USAGE_ERROR : 1);
});

#!/usr/bin/env node
// npx kassa-sandbox [--port N] [the native binary's flags]: see server.mjs and docs/sandbox.md.
import { main } from '../server.mjs';

await main(process.argv.slice(2));

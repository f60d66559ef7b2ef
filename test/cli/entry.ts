/** The CLI from source, for tests that run it as a process of its own (as a user's shell would). */
import { main } from '../../cli/main.js';

process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The SDK's multi-line Node 20 notice would precede every command's output;
// README "Requirements" says it once instead (Node 22 recommended).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2));

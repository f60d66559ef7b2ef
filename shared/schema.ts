/**
 * The one way into zod: its functional API (`zod/mini`), with English
 * messages. Every schema in the project imports it from here as
 * `import * as z from '…/schema.js'`, never from `zod` itself.
 *
 * Why mini: the classic API hangs every method on every schema and brings
 * all of zod's locales along, so it cannot be tree-shaken; it was some
 * 440 KB of each bundled Lambda (each zip must stay under 1 MB). The
 * functional API keeps only the schemas and checks used, some 20 KB.
 *
 * Why `export *` and a namespace import, not `export { z }`: a namespace
 * object passed on as a value has to be built whole, every export of zod
 * in it, and the bundle is back to 430 KB. Re-exported name by name, each
 * `z.string()` is a plain import esbuild can keep or drop.
 *
 * Why the locale here: mini loads none by itself, and without one every
 * issue would say only "Invalid input". The messages users see (bad-input
 * lines, config errors) are zod's English ones where the project writes no
 * message of its own. Configured once, on first import, before any parse.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

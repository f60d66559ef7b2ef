/**
 * The one way into zod: its functional API (`zod/mini`), with English
 * messages. Every schema in the project imports `z` from here, never from
 * `zod` itself.
 *
 * Why mini: the classic API hangs every method on every schema and brings
 * all of zod's locales along, so it cannot be tree-shaken; it was some
 * 440 KB of each bundled Lambda (each zip must stay under 1 MB). The
 * functional API keeps only the schemas and checks used.
 *
 * Why the locale here: mini loads none by itself, and without one every
 * issue would say only "Invalid input". The messages users see (bad-input
 * lines, config errors) are zod's English ones where the project writes no
 * message of its own. Configured once, on first import, before any parse.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

export { z };

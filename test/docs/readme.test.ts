import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withGeneratedSections } from '../../scripts/catalog-markdown.js';

const readme = readFileSync('README.md', 'utf8');

describe('README.md', () => {
  it('carries the catalog tables and the command reference generated from the metadata and option tables (run `npm run docs` when this fails)', () => {
    expect(readme).toBe(withGeneratedSections(readme));
  });

  it('has every generated or pasted section filled in', () => {
    for (const m of readme.matchAll(/<!-- ([a-z-]+):start[^>]*-->([\s\S]*?)<!-- \1:end -->/g)) {
      expect(m[2].trim().length, `section ${m[1]}`).toBeGreaterThan(0);
    }
  });

  it('gives the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});

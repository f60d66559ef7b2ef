/**
 * HTML built with a tagged template that escapes every interpolated value:
 * data from the store (ARNs, messages, aliases, actors) can never become
 * markup. Only `Html` values, made by `html` itself or by `trusted`, pass
 * through unescaped.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export type Markup = Html | string | number | null | undefined | false | readonly Markup[];

function render(value: Markup): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly Markup[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** For markup written in this module's own code (the style sheet, the print script), never for data. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

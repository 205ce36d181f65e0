/**
 * HTML that is known to be safe to insert as is: produced by the `html` tag, which escapes every
 * value it interpolates. A template's `html()` must return one, so a body assembled by string
 * concatenation does not type-check.
 */
export class SafeHtml {
  constructor(private readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

export type HtmlValue = string | number | bigint | boolean | SafeHtml | null | undefined;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

function renderValue(value: HtmlValue | readonly HtmlValue[]): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((item: HtmlValue) => renderValue(item)).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for mail bodies: `html\`<p>Hello ${name}</p>\`` escapes `name`; nested `html`
 * fragments and arrays of them are inserted as they are; null, undefined and false render nothing.
 */
export function html(
  strings: TemplateStringsArray,
  ...values: (HtmlValue | readonly HtmlValue[])[]
): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}

/**
 * One kind of message, owned by the module that sends it (the platform ships none). Every message
 * has a plain-text and an HTML part; the shared layout wraps both.
 */
export interface MailTemplate<Data> {
  /** One line of plain text; line breaks are folded into spaces. */
  subject(data: Data): string;
  /** The plain-text body; the layout adds the footer. */
  text(data: Data): string;
  /** The HTML body fragment, built with the `html` tag; the layout adds the document around it. */
  html(data: Data): SafeHtml;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

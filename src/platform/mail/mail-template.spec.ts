import { renderMail } from 'src/platform/mail/mail-layout';
import { escapeHtml, html, MailTemplate, SafeHtml } from 'src/platform/mail/mail-template';

interface Greeting {
  name: string;
  items: string[];
}

const greeting: MailTemplate<Greeting> = {
  subject: ({ name }) => `Hello\r\n${name}`,
  text: ({ name, items }) => `Hello ${name}\n${items.join('\n')}\n`,
  html: ({ name, items }) =>
    html`<p>Hello ${name}</p>
      <ul>
        ${items.map((item) => html`<li>${item}</li>`)}
      </ul>`,
};

describe('html', () => {
  it('escapes every interpolated value', () => {
    const hostile = `<script>alert("x")</script> & 'quotes'`;
    expect(html`<p title="${hostile}">${hostile}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('inserts nested fragments and arrays as they are, and nothing for null or false', () => {
    const inner = html`<b>${'a<b'}</b>`;
    expect(html`<i>${inner}${[inner, null]}${false}${undefined}${0}</i>`.toString()).toBe(
      '<i><b>a&lt;b</b><b>a&lt;b</b>0</i>',
    );
  });

  it('escapes a string that looks like markup even when it is a SafeHtml lookalike', () => {
    const lookalike = { toString: () => '<b>bold</b>' } as unknown as string;
    expect(html`${lookalike}`.toString()).toBe('&lt;b&gt;bold&lt;/b&gt;');
    expect(new SafeHtml('<b>ok</b>').toString()).toBe('<b>ok</b>');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('renderMail', () => {
  const rendered = renderMail(greeting, { name: 'Zoë <admin>', items: ['one', '<two>'] });

  it('folds line breaks out of the subject', () => {
    expect(rendered.subject).toBe('Hello Zoë <admin>');
  });

  it('wraps the text body in the shared footer', () => {
    expect(rendered.text).toBe(
      'Hello Zoë <admin>\none\n<two>\n\n-- \n' +
        'This message was sent by Ledgerline. If you did not expect it, you can ignore it.\n',
    );
  });

  it('puts the escaped HTML body inside the shared layout, title escaped too', () => {
    expect(rendered.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(rendered.html).toContain('<title>Hello Zoë &lt;admin&gt;</title>');
    // Prettier lays out html`` templates like markup; compare without that whitespace.
    expect(rendered.html.replace(/\s*\n\s*/g, '')).toContain(
      '<p>Hello Zoë &lt;admin&gt;</p><ul><li>one</li><li>&lt;two&gt;</li></ul>',
    );
    expect(rendered.html).not.toContain('<admin>');
    expect(rendered.html).toContain('This message was sent by Ledgerline.');
  });
});

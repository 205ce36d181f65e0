import { escapeHtml, MailTemplate, RenderedMail, SafeHtml } from 'src/platform/mail/mail-template';

const PRODUCT = 'Ledgerline';
const FOOTER = `This message was sent by ${PRODUCT}. If you did not expect it, you can ignore it.`;

/** A template's parts for one piece of data, inside the plain layout every message shares. */
export function renderMail<Data>(template: MailTemplate<Data>, data: Data): RenderedMail {
  const subject = template
    .subject(data)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  return {
    subject,
    text: textLayout(template.text(data)),
    html: htmlLayout(subject, template.html(data)),
  };
}

function textLayout(body: string): string {
  // "-- " on its own line is the signature separator mail clients recognise.
  return `${body.trimEnd()}\n\n-- \n${FOOTER}\n`;
}

function htmlLayout(subject: string, body: SafeHtml): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:24px;background:#f6f7f9;font-family:Helvetica,Arial,sans-serif;color:#1f2328;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:6px;padding:24px">',
    `<p style="margin:0 0 16px;font-weight:bold">${PRODUCT}</p>`,
    body.toString(),
    `<p style="margin:24px 0 0;font-size:12px;color:#59636e">${escapeHtml(FOOTER)}</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

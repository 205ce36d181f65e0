import { html, MailTemplate } from 'src/platform/mail/mail-template';

interface LinkMail {
  /** The front end's page for the token; undefined when PUBLIC_URL names none. */
  link: string | undefined;
  token: string;
  validFor: string;
  /** This server's own address, for the API call that does the same without a front end. */
  apiUrl: string;
}

/** What to run without a front end: the API call, by curl or from the docs page. */
function apiCall(apiUrl: string, path: string, body: string): string {
  return (
    `curl -X POST '${apiUrl}${path}' -H 'content-type: application/json' -d '${body}'\n\n` +
    `or use "Try it out" on POST ${path} at ${apiUrl}/api/docs`
  );
}

export const verifyEmailMail: MailTemplate<LinkMail> = {
  subject: () => 'Confirm your email address for Ledgerline',
  text: ({ link, token, validFor, apiUrl }) =>
    link
      ? `Please confirm this email address by opening the link below in the Ledgerline web app (valid for ${validFor}):\n\n${link}\n\n` +
        `API clients can instead send this token to POST /api/v1/auth/verify-email:\n${token}\n`
      : `Please confirm this email address (valid for ${validFor}). This server has no web front end, so confirm it with the API:\n\n` +
        `${apiCall(apiUrl, '/api/v1/auth/verify-email', `{"token":"${token}"}`)}\n`,
  html: ({ link, token, validFor, apiUrl }) =>
    link
      ? html`<p>Please confirm this email address (the link is valid for ${validFor}):</p>
          <p><a href="${link}">Confirm my email address</a></p>
          <p style="font-size:12px;color:#59636e">
            API clients can send this token to POST /api/v1/auth/verify-email: <code>${token}</code>
          </p>`
      : html`<p>
            Please confirm this email address (valid for ${validFor}). This server has no web front
            end, so confirm it with the API:
          </p>
          <pre>${apiCall(apiUrl, '/api/v1/auth/verify-email', `{"token":"${token}"}`)}</pre>`,
};

export const resetPasswordMail: MailTemplate<LinkMail> = {
  subject: () => 'Reset your Ledgerline password',
  text: ({ link, token, validFor, apiUrl }) =>
    (link
      ? `Someone asked to reset the password of this account. If it was you, open this link in the Ledgerline web app (valid for ${validFor}, usable once):\n\n${link}\n\n` +
        `API clients can instead send this token with the new password to POST /api/v1/auth/password-reset/confirm:\n${token}\n\n`
      : `Someone asked to reset the password of this account. If it was you, choose a new one with the API (valid for ${validFor}, usable once; this server has no web front end):\n\n` +
        `${apiCall(apiUrl, '/api/v1/auth/password-reset/confirm', `{"token":"${token}","password":"<new password>"}`)}\n\n`) +
    'If it was not you, ignore this message: your password stays as it is.\n',
  html: ({ link, token, validFor, apiUrl }) =>
    link
      ? html`<p>
            Someone asked to reset the password of this account. If it was you, open this link
            (valid for ${validFor}, usable once):
          </p>
          <p><a href="${link}">Choose a new password</a></p>
          <p style="font-size:12px;color:#59636e">
            API clients can send this token to POST /api/v1/auth/password-reset/confirm:
            <code>${token}</code>
          </p>
          <p>If it was not you, ignore this message: your password stays as it is.</p>`
      : html`<p>
            Someone asked to reset the password of this account. If it was you, choose a new one
            with the API (valid for ${validFor}, usable once; this server has no web front end):
          </p>
          <pre>
${apiCall(apiUrl, '/api/v1/auth/password-reset/confirm', `{"token":"${token}","password":"<new password>"}`)}</pre>
          <p>If it was not you, ignore this message: your password stays as it is.</p>`,
};

export const registrationAttemptMail: MailTemplate<{ resetLink: string }> = {
  subject: () => 'Someone tried to create a Ledgerline account with your email',
  text: ({ resetLink }) =>
    'Someone tried to create a new account with this email address, which already has one.\n\n' +
    `If it was you and you forgot your password, reset it here: ${resetLink}\n` +
    'Otherwise you can ignore this message.\n',
  html: ({ resetLink }) =>
    html`<p>
        Someone tried to create a new account with this email address, which already has one.
      </p>
      <p>
        If it was you and you forgot your password, <a href="${resetLink}">reset it here</a>.
        Otherwise you can ignore this message.
      </p>`,
};

export const passwordChangedMail: MailTemplate<{ resetLink: string }> = {
  subject: () => 'Your Ledgerline password was changed',
  text: ({ resetLink }) =>
    'The password of your account was just changed, and your other sessions were signed out.\n\n' +
    `If this was not you, reset your password now: ${resetLink}\n`,
  html: ({ resetLink }) =>
    html`<p>
        The password of your account was just changed, and your other sessions were signed out.
      </p>
      <p>If this was not you, <a href="${resetLink}">reset your password now</a>.</p>`,
};

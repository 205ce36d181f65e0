import { html, MailTemplate } from 'src/platform/mail/mail-template';

interface LinkMail {
  link: string;
  token: string;
  validFor: string;
}

export const verifyEmailMail: MailTemplate<LinkMail> = {
  subject: () => 'Confirm your email address for Ledgerline',
  text: ({ link, token, validFor }) =>
    `Please confirm this email address by opening the link below (valid for ${validFor}):\n\n${link}\n\n` +
    `API clients can instead send this token to POST /api/v1/auth/verify-email:\n${token}\n`,
  html: ({ link, token, validFor }) =>
    html`<p>Please confirm this email address (the link is valid for ${validFor}):</p>
      <p><a href="${link}">Confirm my email address</a></p>
      <p style="font-size:12px;color:#59636e">
        API clients can send this token to POST /api/v1/auth/verify-email: <code>${token}</code>
      </p>`,
};

export const resetPasswordMail: MailTemplate<LinkMail> = {
  subject: () => 'Reset your Ledgerline password',
  text: ({ link, token, validFor }) =>
    `Someone asked to reset the password of this account. If it was you, open this link (valid for ${validFor}, usable once):\n\n${link}\n\n` +
    `API clients can instead send this token with the new password to POST /api/v1/auth/password-reset/confirm:\n${token}\n\n` +
    'If it was not you, ignore this message: your password stays as it is.\n',
  html: ({ link, token, validFor }) =>
    html`<p>
        Someone asked to reset the password of this account. If it was you, open this link (valid
        for ${validFor}, usable once):
      </p>
      <p><a href="${link}">Choose a new password</a></p>
      <p style="font-size:12px;color:#59636e">
        API clients can send this token to POST /api/v1/auth/password-reset/confirm:
        <code>${token}</code>
      </p>
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

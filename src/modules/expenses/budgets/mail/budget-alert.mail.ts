import { html, MailTemplate } from 'src/platform/mail/mail-template';
import { AlertThreshold } from 'src/modules/expenses/budgets/budget.types';

export interface BudgetAlertMailData {
  /** The recipient's display name. */
  recipient: string;
  /** The budget's name, its category's name, or "Overall". */
  budget: string;
  /** e.g. "March 2026". */
  month: string;
  /** The highest threshold this mail reports. */
  threshold: AlertThreshold;
  currency: string;
  spent: string;
  budgeted: string;
  rolledOver: string;
  available: string;
  remaining: string;
  /** Null when nothing is available (an overspend carried in ate the month). */
  percentUsed: string | null;
  projected: string;
  unconvertedExpenses: number;
}

const headline = (data: BudgetAlertMailData): string =>
  data.threshold === 100
    ? `Your budget "${data.budget}" is used up for ${data.month}`
    : `Your budget "${data.budget}" has reached ${data.percentUsed ?? data.threshold} % for ${data.month}`;

const unconvertedNote = (data: BudgetAlertMailData): string =>
  data.unconvertedExpenses === 0
    ? ''
    : `${data.unconvertedExpenses} expense${data.unconvertedExpenses === 1 ? ' has' : 's have'} ` +
      `no amount in ${data.currency} yet (no exchange rate) and ` +
      `${data.unconvertedExpenses === 1 ? 'is' : 'are'} not counted.`;

const ONCE =
  'You get one mail per budget and month when it reaches 80 %, and one when it reaches 100 %.';

/** Sent once per budget, month and threshold by the budget alert check. */
export const budgetAlertMail: MailTemplate<BudgetAlertMailData> = {
  subject: (data) =>
    data.threshold === 100
      ? `Budget "${data.budget}" used up for ${data.month}`
      : `Budget "${data.budget}" at ${data.threshold} % for ${data.month}`,

  text: (data) => {
    const money = (amount: string): string => `${amount} ${data.currency}`;
    return [
      `Hello ${data.recipient},`,
      '',
      `${headline(data)}.`,
      '',
      `Spent:      ${money(data.spent)}`,
      `Available:  ${money(data.available)} (budget ${money(data.budgeted)}, rolled over ${money(data.rolledOver)})`,
      `Remaining:  ${money(data.remaining)}`,
      `Projected by the end of the month: ${money(data.projected)}`,
      ...(data.unconvertedExpenses > 0 ? ['', unconvertedNote(data)] : []),
      '',
      ONCE,
      '',
    ].join('\n');
  },

  html: (data) => {
    const money = (amount: string) => html`${amount}&nbsp;${data.currency}`;
    const row = (label: string, value: ReturnType<typeof money> | string) =>
      html`<tr>
        <td style="padding:2px 16px 2px 0">${label}</td>
        <td style="padding:2px 0;text-align:right">${value}</td>
      </tr>`;
    return html`<p>Hello ${data.recipient},</p>
      <p><strong>${headline(data)}.</strong></p>
      <table style="border-collapse:collapse">
        ${row('Spent', money(data.spent))} ${row('Available', money(data.available))}
        ${row('Budget', money(data.budgeted))} ${row('Rolled over', money(data.rolledOver))}
        ${row('Remaining', money(data.remaining))}
        ${row('Projected by the end of the month', money(data.projected))}
      </table>
      ${data.unconvertedExpenses > 0 ? html`<p>${unconvertedNote(data)}</p>` : null}
      <p style="font-size:12px;color:#59636e">${ONCE}</p>`;
  },
};

import { DataSource, EntityManager } from 'typeorm';
import { MailService } from 'src/platform/mail/mail.service';
import { AuditService } from 'src/modules/audit/audit.service';
import { UsersService } from 'src/modules/auth/users/users.service';
import { BudgetAlertsRepository } from 'src/modules/expenses/budgets/budget-alerts.repository';
import { BudgetAlertsService } from 'src/modules/expenses/budgets/budget-alerts.service';
import {
  BudgetStatusService,
  BudgetStatusSnapshot,
  BudgetStatusView,
} from 'src/modules/expenses/budgets/budget-status.service';
import { budgetStatus } from 'src/modules/expenses/budgets/budget-status';
import { AlertThreshold, BudgetRecord } from 'src/modules/expenses/budgets/budget.types';
import { BudgetAlertMailData } from 'src/modules/expenses/budgets/mail/budget-alert.mail';
import { CategoriesService } from 'src/modules/expenses/categories/categories.service';
import { factory } from 'test/support/factories';
import { FakeClock } from 'test/support/fake-clock';
import { strictFake } from 'test/support/strict-fake';

const USER = factory.ids.user;
const MONTH = '2026-03';
const manager = strictFake<EntityManager>({}, 'manager');

function view(record: BudgetRecord, spent: string, currencyMismatch = false): BudgetStatusView {
  return {
    budget: record,
    currencyMismatch,
    status: budgetStatus({
      plan: record,
      month: MONTH,
      today: '2026-03-10',
      currency: 'EUR',
      spending: new Map([[MONTH, { month: MONTH, spent, spentToDate: spent, unconverted: 0 }]]),
    }),
  };
}

/**
 * The check's rules with every collaborator faked: which thresholds it claims, when it mails,
 * and that a claim another check already took sends nothing.
 */
describe('BudgetAlertsService', () => {
  let mails: { to: string; data: BudgetAlertMailData }[];
  let audited: Record<string, unknown>[];
  let claims: { budgetId: string; thresholds: readonly AlertThreshold[] }[];

  function service(options: {
    views: BudgetStatusView[];
    alreadySent?: string[];
    /** What the claim gets; default: every threshold asked for. */
    claimable?: (budgetId: string, thresholds: readonly AlertThreshold[]) => AlertThreshold[];
    failMail?: boolean;
  }): BudgetAlertsService {
    const snapshot: BudgetStatusSnapshot = {
      month: MONTH,
      today: '2026-03-10',
      baseCurrency: 'EUR',
      views: options.views,
    };
    return new BudgetAlertsService(
      strictFake<BudgetStatusService>({ currentSnapshot: () => Promise.resolve(snapshot) }),
      strictFake<BudgetAlertsRepository>({
        findSent: () => Promise.resolve(new Set(options.alreadySent ?? [])),
        claim: (_user, budgetId, _month, thresholds) => {
          claims.push({ budgetId, thresholds });
          return Promise.resolve(
            options.claimable ? options.claimable(budgetId, thresholds) : [...thresholds],
          );
        },
      }),
      strictFake<CategoriesService>({
        nameOf: () => Promise.resolve('Groceries'),
      }),
      strictFake<UsersService>({
        getProfile: () =>
          Promise.resolve({ email: 'ann@example.org', displayName: 'Ann' } as Awaited<
            ReturnType<UsersService['getProfile']>
          >),
      }),
      strictFake<MailService>({
        send: (to, _template, data) => {
          if (options.failMail) return Promise.reject(new Error('451'));
          mails.push({ to, data: data as BudgetAlertMailData });
          return Promise.resolve({ messageId: 'm', transport: 'smtp' as const });
        },
      }),
      strictFake<AuditService>({
        record: (_manager, event) => {
          audited.push(event as unknown as Record<string, unknown>);
          return Promise.resolve({ id: 'e', sequence: '1', occurredAt: new Date(), hash: 'h' });
        },
      }),
      new FakeClock('2026-03-10T12:00:00.000Z'),
      strictFake<DataSource>({
        transaction: ((work: (m: EntityManager) => Promise<unknown>) =>
          work(manager)) as DataSource['transaction'],
      }),
    );
  }

  beforeEach(() => {
    mails = [];
    audited = [];
    claims = [];
  });

  it('does nothing below 80 %: no claim, no profile, no mail', async () => {
    const sent = await service({ views: [view(factory.budget({ id: 'a' }), '79.99')] }).checkUser(
      USER,
    );
    expect(sent).toEqual([]);
    expect(claims).toEqual([]);
    expect(mails).toEqual([]);
  });

  it.each([
    // spent, already sent, claimed, mailed threshold
    ['80.00', [], [80], 80],
    ['100.00', [], [80, 100], 100],
    ['100.00', ['a:80'], [100], 100],
    ['120.00', ['a:80', 'a:100'], [], null],
  ] as const)(
    'at %s with %j sent: claims %j and mails %s',
    async (spent, alreadySent, claimed, mailed) => {
      const sent = await service({
        views: [view(factory.budget({ id: 'a', name: 'Food' }), spent)],
        alreadySent: [...alreadySent],
      }).checkUser(USER);
      expect(claims.map((claim) => claim.thresholds)).toEqual(claimed.length ? [claimed] : []);
      expect(mails.map((mail) => mail.data.threshold)).toEqual(mailed === null ? [] : [mailed]);
      expect(sent).toEqual(
        claimed.length ? [{ budgetId: 'a', month: MONTH, thresholds: claimed }] : [],
      );
      expect(audited).toHaveLength(mailed === null ? 0 : 1);
    },
  );

  it('sends nothing when another check claimed the thresholds first', async () => {
    const sent = await service({
      views: [view(factory.budget({ id: 'a' }), '85.00')],
      claimable: () => [],
    }).checkUser(USER);
    expect(claims).toHaveLength(1);
    expect(sent).toEqual([]);
    expect(mails).toEqual([]);
    expect(audited).toEqual([]);
  });

  it('skips a budget whose amount is not in the base currency', async () => {
    const sent = await service({
      views: [view(factory.budget({ id: 'a', currency: 'USD' }), '500.00', true)],
    }).checkUser(USER);
    expect(sent).toEqual([]);
    expect(claims).toEqual([]);
  });

  it('mails each budget that is due, labelled by name, category or "Overall"', async () => {
    await service({
      views: [
        view(factory.budget({ id: 'a', name: 'Food' }), '80.00'),
        view(factory.budget({ id: 'b', categoryId: 'cat-1' }), '100.00'),
        view(factory.budget({ id: 'c' }), '90.00'),
        view(factory.budget({ id: 'd' }), '10.00'),
      ],
    }).checkUser(USER);
    expect(mails.map((mail) => [mail.to, mail.data.budget, mail.data.threshold])).toEqual([
      ['ann@example.org', 'Food', 80],
      ['ann@example.org', 'Groceries', 100],
      ['ann@example.org', 'Overall', 80],
    ]);
    expect(mails[0].data).toMatchObject({
      recipient: 'Ann',
      month: 'March 2026',
      currency: 'EUR',
      spent: '80.00',
      available: '100.00',
      remaining: '20.00',
      percentUsed: '80.00',
    });
    expect(audited.map((event) => [event.action, event.resourceId, event.subjectUserId])).toEqual([
      ['budget.alert.sent', 'a', USER],
      ['budget.alert.sent', 'b', USER],
      ['budget.alert.sent', 'c', USER],
    ]);
  });

  it('fails (for the job to retry) when the mail cannot go, recording nothing', async () => {
    await expect(
      service({ views: [view(factory.budget({ id: 'a' }), '90.00')], failMail: true }).checkUser(
        USER,
      ),
    ).rejects.toThrow('451');
    expect(audited).toEqual([]);
  });
});

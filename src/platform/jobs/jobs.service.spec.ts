import { UnknownQueueError } from 'src/platform/jobs/job.types';
import { JobsService } from 'src/platform/jobs/jobs.service';
import { MetricsRegistry } from 'src/platform/metrics/metrics.registry';
import { AppConfig } from 'src/config/app-config';

/** Declarations are checked before anything touches the database, so no PostgreSQL here. */
describe('JobsService declarations', () => {
  let jobs: JobsService;
  const noop = (): Promise<void> => Promise.resolve();

  beforeEach(() => {
    const config = AppConfig.fromEnvironment({ NODE_ENV: 'test', JOBS_WORKERS: 'false' });
    jobs = new JobsService(config, 'postgres://unused@127.0.0.1:1/none', new MetricsRegistry());
  });

  it.each(['Expenses.Recurring', 'expenses recurring', 'expenses_recurring', '-x', 'a'.repeat(61)])(
    'refuses the queue name %j',
    (name) => {
      expect(() => jobs.register(name, noop)).toThrow('must be lower-case words');
    },
  );

  it('accepts module.words-with-hyphens names, once each', () => {
    jobs.register('expenses.materialise-recurring', noop);
    expect(() => jobs.register('expenses.materialise-recurring', noop)).toThrow('registered twice');
  });

  it('refuses to send to or schedule an undeclared queue without starting anything', async () => {
    await expect(jobs.send('reports.render', {})).rejects.toBeInstanceOf(UnknownQueueError);
    expect(() => jobs.schedule('reports.render', '0 6 * * *')).toThrow(UnknownQueueError);
    expect(jobs.isStarted).toBe(false);
  });

  it('starts nothing at bootstrap in an API-only instance and drains to nothing', async () => {
    jobs.register('fx.refresh', noop);
    await jobs.onApplicationBootstrap();
    expect(jobs.isStarted).toBe(false);
    await expect(jobs.drain()).resolves.toBeUndefined();
    await expect(jobs.send('fx.refresh', {})).rejects.toThrow('The job queue has shut down');
  });
});

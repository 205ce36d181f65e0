import fc from 'fast-check';
import { fuzzConfig, operationSeed, replayCommand } from 'test/fuzz/support/fuzz-config';
import { FuzzRunner, Outcome } from 'test/fuzz/support/fuzz-runner';
import { FuzzWorld } from 'test/fuzz/support/fuzz-world';
import { OpenApiDocument, Operation, operationsOf } from 'test/fuzz/support/operations';
import { FuzzCase, RequestArbitraries } from 'test/fuzz/support/request-arbitraries';
import { SchemaArbitraries } from 'test/fuzz/support/schema-arbitraries';
import { SchemaValidator } from 'test/fuzz/support/schema-validator';
import { startTestApp, TestApp } from 'test/support/test-app';

const config = fuzzConfig();
/** Shrinking one failure, and all of them: a run with many failing operations stays bounded. */
const SHRINK_MS = 20_000;
const SHRINK_TOTAL_MS = 60_000;
jest.setTimeout(config.timeMs + SHRINK_TOTAL_MS + 2 * SHRINK_MS + 120_000);
let shrinkLeft = SHRINK_TOTAL_MS;

/** Every limit far above what the fuzzer sends, so that it tests the routes and not only 429s. */
const GENEROUS_LIMITS = Object.fromEntries(
  ['PUBLIC', 'AUTHENTICATED', 'ADMIN', 'SEARCH', 'UPLOAD', 'LOGIN', 'REGISTER'].map((tier) => [
    `RATE_LIMIT_${tier}`,
    '1000000/1m',
  ]),
);

interface OperationReport {
  key: string;
  cases: number;
  statuses: Map<number, number>;
  failures: string[];
}

/**
 * The API against its own OpenAPI document: every operation, as the caller it is for, with
 * valid requests and requests broken in one place. No answer is a 5xx, every error is
 * problem+json, and nothing the document's schema refuses is accepted.
 */
describe('fuzzing every operation of the OpenAPI document', () => {
  let ctx: TestApp;
  let document: OpenApiDocument;
  let operations: Operation[];
  let world: FuzzWorld;
  let runner: FuzzRunner;
  let requests: RequestArbitraries;

  beforeAll(async () => {
    console.log(`fuzz: seed ${config.seed}; replay this run with: ${replayCommand(config)}`);
    ctx = await startTestApp({ RATE_LIMIT_ENABLED: 'true', ...GENEROUS_LIMITS });
    document = (await ctx.inject({ method: 'GET', url: '/api/docs-json' })).json<OpenApiDocument>();
    world = new FuzzWorld(ctx);
    await world.start();
    operations = operationsOf(document);
    const exact = operations.filter((operation) => operation.key === config.only);
    if (config.only) {
      operations =
        exact.length > 0
          ? exact
          : operations.filter((operation) => operation.key.includes(config.only!));
    }
    requests = new RequestArbitraries(new SchemaArbitraries(document, { scopes: world.scopes }));
    runner = new FuzzRunner(world, new SchemaValidator(document));
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('has a generator for every operation (an unsupported construct fails, it is never skipped)', () => {
    expect(operations.length).toBeGreaterThan(config.only ? 0 : 40);
    const unsupported: string[] = [];
    for (const operation of operations) {
      try {
        requests.forOperation(operation);
        world.assertFixtures(operation);
      } catch (error) {
        unsupported.push((error as Error).message);
      }
    }
    expect(unsupported).toEqual([]);
  });

  it('answers every case without a 5xx, with problem+json for errors, never 2xx for input the document refuses', async () => {
    const perOperation = Math.max(10, Math.ceil(config.runs / operations.length));
    const reports: OperationReport[] = [];
    const started = Date.now();
    for (const [index, operation] of operations.entries()) {
      // An even share of the time left: what quick operations leave over goes to slow ones.
      const left = config.timeMs - (Date.now() - started);
      const share = Math.max(500, Math.floor(left / (operations.length - index)));
      reports.push(await fuzzOperation(operation, perOperation, share));
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const total = reports.reduce((sum, report) => sum + report.cases, 0);
    console.log(
      [
        `fuzz: ${total} cases over ${reports.length} operations in ${seconds} s (seed ${config.seed})`,
        ...reports.map(
          (report) =>
            `  ${report.key.padEnd(52)} ${String(report.cases).padStart(4)}  ${[...report.statuses]
              .sort(([a], [b]) => a - b)
              .map(([status, count]) => `${status}×${count}`)
              .join(' ')}${report.failures.length > 0 ? '  FAILED' : ''}`,
        ),
      ].join('\n'),
    );
    const failures = reports.flatMap((report) => report.failures);
    expect(failures.join('\n\n')).toBe('');
  });

  async function fuzzOperation(
    operation: Operation,
    numRuns: number,
    timeMs: number,
  ): Promise<OperationReport> {
    const report: OperationReport = {
      key: operation.key,
      cases: 0,
      statuses: new Map(),
      failures: [],
    };
    const seed = operationSeed(config.seed, operation.key);
    const distinct = new Map<string, { fuzzCase: FuzzCase; outcome: Outcome; count: number }>();
    let last: { fuzzCase: FuzzCase; outcome: Outcome } | undefined;
    const errors = new Map<string, number>();
    const property = fc.asyncProperty(requests.forOperation(operation), async (fuzzCase) => {
      let outcome: Outcome;
      try {
        outcome = await runner.run(operation, fuzzCase);
      } catch (error) {
        // The fuzzer's own requests (a login, a fixture) failed: a finding too, reported apart.
        const message = `the case could not run: ${(error as Error).message}`;
        if (!config.keepGoing) throw new Error(message, { cause: error });
        const signature = message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|\d+/g, 'N');
        errors.set(signature, (errors.get(signature) ?? 0) + 1);
        return;
      }
      report.cases++;
      const status = outcome.response.statusCode;
      report.statuses.set(status, (report.statuses.get(status) ?? 0) + 1);
      if (
        config.debug &&
        fuzzCase.label === 'valid' &&
        fuzzCase.caller.startsWith('intended') &&
        status >= 400
      ) {
        console.log(
          `${operation.key} valid → ${status}\n  ${outcome.request.url}\n  ${String(outcome.request.payload).slice(0, 300)}\n  ${outcome.response.body.slice(0, 400)}`,
        );
      }
      if (outcome.failures.length === 0) return;
      last = { fuzzCase, outcome };
      if (config.keepGoing) {
        // One line per kind of case (what was broken, not its value) and answer.
        const kind = fuzzCase.label.split(':')[0];
        const signature = `${kind} → ${status} ${outcome.failures.join('; ').replace(/\d+/g, 'N')}`;
        const seen = distinct.get(signature);
        if (seen) seen.count++;
        else distinct.set(signature, { fuzzCase, outcome, count: 1 });
        return;
      }
      throw new Error(outcome.failures.join('; '));
    });
    // Cases run until the operation's share of the time is up; a failure is then shrunk from
    // where it was found, within a bound of its own.
    let details = await fc.check(property, {
      seed,
      numRuns,
      endOnFailure: true,
      ...(config.path ? { path: config.path } : {}),
      plugins: [fc.interruptAfterTimeLimit(timeMs)],
    });
    if (details.failed && details.counterexamplePath && !config.path && shrinkLeft > 0) {
      const found = details;
      const shrinkStarted = Date.now();
      details = await fc.check(property, {
        seed,
        numRuns,
        path: found.counterexamplePath,
        plugins: [fc.interruptAfterTimeLimit(Math.min(SHRINK_MS, shrinkLeft))],
      });
      shrinkLeft -= Date.now() - shrinkStarted;
      if (!details.failed) details = found;
    }
    if (config.keepGoing) {
      for (const [signature, { fuzzCase, outcome, count }] of distinct) {
        report.failures.push(
          describeFailure(
            operation,
            `${signature} (${count}×)`,
            fuzzCase,
            outcome,
            replayCommand(config, operation.key),
          ),
        );
      }
      for (const [message, count] of errors)
        report.failures.push(`${operation.key}: ${message} (${count}×)`);
    } else if (details.failed && !last) {
      report.failures.push(
        `${operation.key}: ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}\n  replay: ${replayCommand(config, operation.key, details.counterexamplePath ?? undefined)}`,
      );
    } else if (details.failed && last) {
      report.failures.push(
        describeFailure(
          operation,
          String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance),
          (details.counterexample as [FuzzCase] | null)?.[0] ?? last.fuzzCase,
          last.outcome,
          replayCommand(config, operation.key, details.counterexamplePath ?? undefined),
        ),
      );
    }
    return report;
  }
});

function describeFailure(
  operation: Operation,
  what: string,
  fuzzCase: FuzzCase,
  outcome: Outcome,
  replay: string,
): string {
  const { request, response } = outcome;
  const payload =
    request.payload === undefined
      ? ''
      : Buffer.isBuffer(request.payload)
        ? request.payload.toString('latin1')
        : request.payload;
  const clip = (text: string) =>
    text.length > 600 ? `${text.slice(0, 500)}… (${text.length} chars)` : text;
  return [
    `${operation.key}: ${what}`,
    `  case: ${fuzzCase.label} (caller: ${fuzzCase.caller})`,
    `  request: ${request.method} ${clip(request.url)}`,
    `  headers: ${clip(JSON.stringify(request.headers))}`,
    ...(payload ? [`  body: ${clip(JSON.stringify(payload))}`] : []),
    `  response: ${response.statusCode} ${String(response.headers['content-type'])} ${clip(response.body)}`,
    ...(outcome.violation ? [`  breaks the document: ${outcome.violation}`] : []),
    `  replay: ${replay}`,
  ].join('\n');
}

import { Histogram, Registry } from 'prom-client';
import {
  REQUEST_DURATION_BUCKETS,
  RequestDurationHistogram,
} from 'src/platform/metrics/request-duration.histogram';

const OBSERVATIONS: [string, string, number, number][] = [
  ['GET', '/health/live', 200, 0.0004],
  ['GET', '/health/live', 200, 0.001],
  ['GET', '/health/live', 204, 0.03],
  ['GET', '/health/live', 503, 7],
  ['POST', '/api/v1/expenses', 201, 0.2],
  ['GET', 'unmatched', 404, 0.002],
];

describe('RequestDurationHistogram', () => {
  it('exposes exactly what prom-client’s Histogram exposes for the same observations', async () => {
    const ours = new Registry();
    const histogram = new RequestDurationHistogram(ours);
    const reference = new Registry();
    const prom = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [...REQUEST_DURATION_BUCKETS],
      registers: [reference],
    });
    for (const [method, route, status, seconds] of OBSERVATIONS) {
      histogram.observe(method, route, status, seconds);
      prom.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
  });

  it('starts empty again after a reset', async () => {
    const registry = new Registry();
    const histogram = new RequestDurationHistogram(registry);
    histogram.observe('GET', '/x', 200, 0.01);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('_count');
  });
});

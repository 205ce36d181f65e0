'use strict';

// The baseline for bench/http-bench.js: the same Fastify major the app runs on, with nothing
// in front of the route, so the difference to the app is what Nest and our pipeline cost.
// It runs in its own process so that it never shares an event loop with the load generator.

const fastify = require('fastify');

const port = Number(process.env.PORT);
const host = process.env.HOST || '127.0.0.1';

// Logging off: the app benches at LOG_LEVEL=warn, which logs nothing per request either.
const app = fastify({ logger: false });

// Same body as the app's HealthController.live(), so both serve identical bytes.
app.get('/health/live', async () => ({ status: 'ok' }));

app.listen({ host, port }).catch((error) => {
  process.stderr.write(`bare-fastify: ${error.message}\n`);
  process.exit(1);
});

// SIGINT too: a Ctrl-C in the terminal reaches every process of the benchmark.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

import { auditSection } from 'src/config/sections/audit.config';
import { authSection } from 'src/config/sections/auth.config';
import { databaseSection } from 'src/config/sections/database.config';
import { demoSection } from 'src/config/sections/demo.config';
import { fxSection } from 'src/config/sections/fx.config';
import { httpSection } from 'src/config/sections/http.config';
import { importsSection } from 'src/config/sections/imports.config';
import { jobsSection } from 'src/config/sections/jobs.config';
import { mailSection } from 'src/config/sections/mail.config';
import { metricsSection } from 'src/config/sections/metrics.config';
import { rateLimitSection } from 'src/config/sections/rate-limit.config';
import { redisSection } from 'src/config/sections/redis.config';
import { shutdownSection } from 'src/config/sections/shutdown.config';

/**
 * Every section of the configuration, by the name it has on AppConfig (`config.http`, …). A new
 * concern adds its file under sections/ and one line here; the schema, the typed AppConfig and
 * the logged summary follow from this list.
 */
export const CONFIG_SECTIONS = {
  http: httpSection,
  database: databaseSection,
  auth: authSection,
  metrics: metricsSection,
  rateLimit: rateLimitSection,
  redis: redisSection,
  audit: auditSection,
  shutdown: shutdownSection,
  demo: demoSection,
  mail: mailSection,
  jobs: jobsSection,
  fx: fxSection,
  imports: importsSection,
} as const;

export type ConfigSections = typeof CONFIG_SECTIONS;

import { AppConfig } from 'src/config/app-config';
import type { ConfigSection } from 'src/config/config-section';
import { CONFIG_SECTIONS } from 'src/config/config-sections';

/** The effective configuration as it may be logged: every secret replaced by its section. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const sections = Object.entries(CONFIG_SECTIONS).map(([name, section]) => {
    const value = config[name as keyof typeof CONFIG_SECTIONS];
    const described: unknown = section.redact
      ? (section as ConfigSection<object, unknown>).redact!(value)
      : value;
    return [name, described] as const;
  });
  return { env: config.env, logLevel: config.logLevel, ...Object.fromEntries(sections) };
}

import { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { HelmetOptions } from 'helmet';

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/**
 * Helmet's headers, computed once. Our policies use no per-request nonce, so every response
 * gets the same set; running helmet's middleware chain on each request halved throughput.
 */
export function securityHeaders(
  options: HelmetOptions,
  extra: Record<string, string> = {},
): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return { ...headers, 'permissions-policy': PERMISSIONS_POLICY, ...extra };
}

/**
 * Helmet's headers for an HTML page (the Swagger UI), or for the JSON the API answers with.
 * JSON responses leave out what only an HTML document in a browser acts on — DNS prefetching,
 * IE8's download prompt, Flash and Acrobat cross-domain policies, the retired XSS auditor,
 * origin-keyed agent clusters — since every header is parsed by every client on every
 * response (about a tenth of /health/live's throughput for these five).
 */
export function helmetOptions(
  production: boolean,
  contentSecurityPolicy: HelmetOptions['contentSecurityPolicy'],
  kind: 'document' | 'json',
): HelmetOptions {
  const document = kind === 'document';
  return {
    contentSecurityPolicy,
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    originAgentCluster: document,
    xDnsPrefetchControl: document,
    xDownloadOptions: document,
    xPermittedCrossDomainPolicies: document,
    xXssProtection: document,
  };
}

import { AddressInfo } from 'node:net';

/**
 * What to print once the server listens: the address it is really bound to (0.0.0.0 answers on
 * every interface, which Nest's getUrl() reports as 127.0.0.1), and a URL that opens from this
 * machine.
 */
export function listeningUrls(address: AddressInfo | string | null): {
  bound: string;
  local: string;
} {
  if (!address || typeof address === 'string') {
    const where = address ?? 'an unknown address';
    return { bound: where, local: where };
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const bound = `http://${host}:${address.port}`;
  const everywhere = address.address === '0.0.0.0' || address.address === '::';
  return { bound, local: everywhere ? `http://localhost:${address.port}` : bound };
}

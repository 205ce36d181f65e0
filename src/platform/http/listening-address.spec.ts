import { listeningUrls } from 'src/platform/http/listening-address';

describe('listeningUrls', () => {
  it.each([
    [
      { address: '0.0.0.0', family: 'IPv4', port: 3000 },
      'http://0.0.0.0:3000',
      'http://localhost:3000',
    ],
    [{ address: '::', family: 'IPv6', port: 8080 }, 'http://[::]:8080', 'http://localhost:8080'],
    [
      { address: '127.0.0.1', family: 'IPv4', port: 4000 },
      'http://127.0.0.1:4000',
      'http://127.0.0.1:4000',
    ],
    [{ address: '::1', family: 'IPv6', port: 4001 }, 'http://[::1]:4001', 'http://[::1]:4001'],
  ])('names the bound address of %j and a URL that opens from here', (address, bound, local) => {
    expect(listeningUrls(address)).toEqual({ bound, local });
  });
});

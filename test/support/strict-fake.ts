/**
 * A stand-in built from the methods a test stubs; touching anything else throws, so a test
 * cannot pass while the code under test calls something it did not expect.
 */
export function strictFake<T extends object>(stubs: Partial<T>, name = 'fake'): T {
  return new Proxy(stubs, {
    get(target, property) {
      if (property in target) return target[property as keyof typeof target];
      // Promise resolution probes `then`; a fake is not a promise.
      if (property === 'then') return undefined;
      throw new Error(`Un-stubbed access to ${name}.${String(property)}`);
    },
  }) as T;
}

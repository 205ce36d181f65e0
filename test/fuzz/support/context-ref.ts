import fc from 'fast-check';

/**
 * Something only known when a case runs: the caller's password, one of their category ids, a
 * cursor their list returned. Generated as a placeholder, so cases stay pure values that
 * fast-check can shrink and replay, and resolved against the caller of the case.
 */
export type ContextName =
  | 'email'
  | 'password'
  | 'refreshToken'
  | 'categoryId'
  | 'topCategoryId'
  | 'userId'
  | 'scope'
  | 'cursor'
  /** A resource of the caller's of the kind the path names (created for the case). */
  | 'ownedId'
  /** The current ETag of the resource the path names. */
  | 'etag';

export class ContextRef {
  constructor(readonly name: ContextName) {}

  [fc.toStringMethod](): string {
    return `ctx.${this.name}`;
  }

  toJSON(): string {
    return `ctx.${this.name}`;
  }
}

export const ref = (name: ContextName): fc.Arbitrary<ContextRef> =>
  fc.constant(new ContextRef(name));

/** The value with every placeholder replaced (deeply, in arrays and objects). */
export function resolveRefs(value: unknown, lookup: (name: ContextName) => unknown): unknown {
  if (value instanceof ContextRef) return lookup(value.name);
  if (Array.isArray(value)) return value.map((item) => resolveRefs(item, lookup));
  if (value && typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: a generated "__proto__" key stays a key, as JSON.parse would make it.
      Object.defineProperty(out, key, {
        value: resolveRefs(item, lookup),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

export function containsRef(value: unknown, name?: ContextName): boolean {
  if (value instanceof ContextRef) return name === undefined || value.name === name;
  if (Array.isArray(value)) return value.some((item) => containsRef(item, name));
  if (value && typeof value === 'object') {
    return Object.values(value).some((item) => containsRef(item, name));
  }
  return false;
}

/** An object literal or a fast-check record (which has no prototype), not a class instance. */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

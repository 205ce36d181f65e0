import { AppException } from 'src/platform/errors/app.exception';
import { IfMatch } from 'src/platform/http/etag';

/** Versions a write may apply to: undefined for any, else the version or versions listed. */
export type ExpectedVersion = number | readonly number[] | undefined;

/**
 * The answers every owned, versioned resource gives, in one voice: 404 for a row the caller does
 * not own (never 403: someone else's id is no one's business), 428 for a change without
 * If-Match, 412 for a stale version. `noun` is how the messages name the resource.
 */
export class VersionedResource {
  constructor(readonly noun: string) {}

  notFound(): AppException {
    return new AppException('NOT_FOUND', `No such ${this.noun}`);
  }

  /** The record, or 404. */
  found<TRecord>(record: TRecord | undefined): TRecord {
    if (record === undefined) throw this.notFound();
    return record;
  }

  /**
   * A change needs If-Match: one made without knowing the current version could undo another.
   * Answers the versions it accepts (undefined for `*`).
   */
  requireIfMatch(ifMatch: IfMatch): ExpectedVersion {
    if (ifMatch.kind === 'absent') {
      throw new AppException(
        'PRECONDITION_REQUIRED',
        `Send If-Match with the ETag of the ${this.noun} you are changing`,
      );
    }
    return expectedVersion(ifMatch);
  }

  /** 412 unless `current` is at one of the expected versions (any, when none is expected). */
  assertVersion(current: { version: number }, expected: ExpectedVersion | IfMatch): void {
    const wanted = isIfMatch(expected) ? expectedVersion(expected) : expected;
    if (wanted === undefined) return;
    const versions: readonly number[] = typeof wanted === 'number' ? [wanted] : wanted;
    if (!versions.includes(current.version)) {
      throw new AppException(
        'PRECONDITION_FAILED',
        `The ${this.noun} has changed (it is at version ${current.version}); fetch it again`,
      );
    }
  }
}

/** The versions an If-Match accepts: undefined when absent or `*`. */
export function expectedVersion(ifMatch: IfMatch): ExpectedVersion {
  return ifMatch.kind === 'versions' ? ifMatch.versions : undefined;
}

function isIfMatch(value: ExpectedVersion | IfMatch): value is IfMatch {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

import { ArgumentMetadata, Injectable, ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { AppException } from 'src/platform/errors/app.exception';

/** A path id that must be a UUID: a malformed one is a field error, not a lookup. */
@Injectable()
export class ParseUuid implements PipeTransform<string, Promise<string>> {
  private readonly inner = new ParseUUIDPipe({ version: 'all' });

  async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    try {
      return (await this.inner.transform(value, metadata)) as string;
    } catch {
      const field = metadata.data || 'id';
      throw new AppException('VALIDATION_FAILED', `${field} must be a UUID`, {
        errors: [{ field, messages: [`${field} must be a UUID`] }],
      });
    }
  }
}

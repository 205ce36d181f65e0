import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { AppException } from 'src/platform/errors/app.exception';

export const CSV_MEDIA_TYPE = 'text/csv';

/** Fastify route config flag set by @AcceptsCsvBody(): only such routes take text/csv. */
const CSV_BODY_ROUTE = 'csvBody';

/** Charsets a CSV body may declare, by the decoder that reads them. */
const CHARSETS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

/**
 * What binary files begin with. A spreadsheet or an archive sent as text/csv is refused by what
 * it is, whatever the client called it.
 */
const BINARY_SIGNATURES: readonly { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an .xlsx or .ods spreadsheet?)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an OLE document (an .xls spreadsheet?)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2 archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text (save it as UTF-8)' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text (save it as UTF-8)' },
];
const SIGNATURE_BYTES = 4;

/**
 * A text/csv request body, not yet read: `text` yields it decoded, checked on the way (size,
 * binary content, charset), and `sizeBytes` and `sha256` describe the bytes once `text` has
 * been read to the end. Reading it is the route handler's job, after authentication and rate
 * limiting, so nobody uploads megabytes only to be told they are not allowed to.
 */
export class CsvUpload {
  private readonly decoder: CsvBodyDecoder;
  private piped = false;

  constructor(
    private readonly source: Readable,
    maxBytes: number,
    encoding: string,
  ) {
    this.decoder = new CsvBodyDecoder(maxBytes, encoding);
    // Whoever reads `text` gets its errors; this keeps one that nobody reads (a request refused
    // before its body was wanted) from taking the process down.
    this.decoder.on('error', () => undefined);
    // The client going away mid-upload is the client's problem, not a server error.
    source.on('error', () =>
      this.decoder.destroy(new AppException('BAD_REQUEST', 'The upload was interrupted')),
    );
  }

  /**
   * The body as text. Nothing is read before the first access, so the reader's error handler
   * is in place before the first chunk can fail.
   */
  get text(): Readable {
    if (!this.piped) {
      this.piped = true;
      this.source.pipe(this.decoder);
    }
    return this.decoder;
  }

  get sizeBytes(): number {
    return this.decoder.received;
  }

  /** Hex SHA-256 of the bytes as sent; only meaningful once `text` has ended. */
  get sha256(): string {
    return this.decoder.digest();
  }
}

class CsvBodyDecoder extends Transform {
  received = 0;
  private readonly hash = createHash('sha256');
  private readonly text: TextDecoder;
  private head = Buffer.alloc(0);
  private sha256: string | undefined;

  constructor(
    private readonly maxBytes: number,
    encoding: string,
  ) {
    super({ readableObjectMode: true });
    this.text = new TextDecoder(encoding, { fatal: true });
  }

  digest(): string {
    this.sha256 ??= this.hash.digest('hex');
    return this.sha256;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) {
      done(tooLarge(this.maxBytes));
      return;
    }
    if (this.head.length < SIGNATURE_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, SIGNATURE_BYTES)]);
      const binary = BINARY_SIGNATURES.find((signature) =>
        signature.bytes.every((byte, index) => this.head[index] === byte),
      );
      if (binary) {
        done(notText(`The file is ${binary.what}, not CSV text`));
        return;
      }
    }
    // No text format puts NUL in a CSV file; binary formats are full of it.
    if (chunk.includes(0)) {
      done(notText('The file holds binary data (NUL bytes), not CSV text'));
      return;
    }
    this.hash.update(chunk);
    this.decode(() => this.text.decode(chunk, { stream: true }), done);
  }

  override _flush(done: TransformCallback): void {
    this.decode(() => this.text.decode(), done);
  }

  private decode(read: () => string, done: TransformCallback): void {
    let text: string;
    try {
      text = read();
    } catch {
      done(
        new AppException('VALIDATION_FAILED', `The file is not valid ${this.text.encoding} text`, {
          errors: [
            {
              field: 'body',
              messages: [
                'save the file as UTF-8, or send Content-Type: text/csv; charset=windows-1252',
              ],
            },
          ],
        }),
      );
      return;
    }
    done(null, text.length > 0 ? text : undefined);
  }
}

function tooLarge(maxBytes: number): AppException {
  // The rest of the body is discarded as it arrives (answerBeforeUnreadBody), so the client
  // reads this answer rather than a reset.
  return new AppException('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes`);
}

function notText(detail: string): AppException {
  return new AppException('UNSUPPORTED_MEDIA_TYPE', detail);
}

/** The decoder for the request's charset parameter (UTF-8 when there is none). */
function encodingOf(contentType: string | undefined): string | AppException {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset === undefined) return 'utf-8';
  return (
    CHARSETS[charset] ??
    new AppException(
      'UNSUPPORTED_MEDIA_TYPE',
      `charset ${charset} is not supported; send utf-8 or windows-1252`,
    )
  );
}

/**
 * Lets routes marked @AcceptsCsvBody() take `text/csv` bodies as a stream, bounded by
 * `maxBytes` (announced sizes are refused before anything is read, chunked ones once they pass
 * the limit). Any other route answers 415 to text/csv, as it did before.
 */
export function installCsvBodyParser(fastify: FastifyInstance, maxBytes: number): void {
  fastify.addContentTypeParser(CSV_MEDIA_TYPE, (request, payload, done) => {
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    if (config?.[CSV_BODY_ROUTE] !== true) {
      done(new AppException('UNSUPPORTED_MEDIA_TYPE', 'This route does not take text/csv'));
      return;
    }
    const encoding = encodingOf(request.headers['content-type']);
    if (encoding instanceof AppException) {
      done(encoding);
      return;
    }
    const announced = Number(request.headers['content-length']);
    if (Number.isFinite(announced) && announced > maxBytes) {
      done(tooLarge(maxBytes));
      return;
    }
    done(null, new CsvUpload(payload, maxBytes, encoding));
  });
}

/** The route takes a CSV file as its body (`Content-Type: text/csv`), read with @CsvBody(). */
export function AcceptsCsvBody(description: string): MethodDecorator {
  return applyDecorators(
    RouteConfig({ [CSV_BODY_ROUTE]: true }),
    ApiConsumes(CSV_MEDIA_TYPE),
    ApiBody({ description, schema: { type: 'string', format: 'binary' } }),
  );
}

/** The CSV body of a route marked @AcceptsCsvBody(); 415 for any other kind of body. */
export const CsvBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CsvUpload => {
    const body = context.switchToHttp().getRequest<FastifyRequest>().body;
    if (!(body instanceof CsvUpload)) {
      throw new AppException(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the file itself as the body, with Content-Type: ${CSV_MEDIA_TYPE}`,
      );
    }
    return body;
  },
);

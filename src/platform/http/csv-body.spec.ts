import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import Fastify, { FastifyInstance } from 'fastify';
import { AppException } from 'src/platform/errors/app.exception';
import { CsvUpload, installCsvBodyParser } from 'src/platform/http/csv-body';

const LIMIT = 64;

/** A bare Fastify with the parser, one CSV route and one JSON route; errors as `{ code }`. */
async function server(): Promise<FastifyInstance> {
  const fastify = Fastify();
  installCsvBodyParser(fastify, LIMIT);
  fastify.setErrorHandler((error, _request, reply) => {
    const code = error instanceof AppException ? error.code : (error as { code?: string }).code;
    void reply.status(400).send({ code, detail: (error as Error).message });
  });
  fastify.post('/csv', { config: { csvBody: true } }, async (request) => {
    const upload = request.body as CsvUpload;
    let text = '';
    for await (const chunk of upload.text) text += chunk as string;
    return { text, size: upload.sizeBytes, sha256: upload.sha256 };
  });
  fastify.post('/json', (request, reply) => reply.send({ body: request.body }));
  await fastify.ready();
  return fastify;
}

describe('CSV request bodies', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = await server();
  });

  afterAll(async () => {
    await fastify.close();
  });

  const post = (url: string, payload: string | Buffer, contentType = 'text/csv') =>
    fastify.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });

  it('streams the text with its size and SHA-256', async () => {
    const csv = 'date,amount\n2026-03-02,12.50\n';
    const response = await post('/csv', csv, 'text/csv; charset=utf-8');
    expect(response.json()).toEqual({
      text: csv,
      size: Buffer.byteLength(csv),
      sha256: createHash('sha256').update(csv).digest('hex'),
    });
  });

  it('reads windows-1252 when the charset says so', async () => {
    const response = await post(
      '/csv',
      Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80]),
      'text/csv; charset=windows-1252',
    );
    expect(response.json<{ text: string }>().text).toBe('Café €');
  });

  it.each<[string, string | Buffer, string, string]>([
    ['an unsupported charset', 'a', 'text/csv; charset=koi8-r', 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over the limit', 'x'.repeat(LIMIT + 1), 'text/csv', 'PAYLOAD_TOO_LARGE'],
    [
      'an xlsx file',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
      'text/csv',
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a gzip file', Buffer.from([0x1f, 0x8b, 0x08, 0x00]), 'text/csv', 'UNSUPPORTED_MEDIA_TYPE'],
    ['UTF-16 text', Buffer.from('\ufeffdate', 'utf16le'), 'text/csv', 'UNSUPPORTED_MEDIA_TYPE'],
    ['NUL bytes', Buffer.from('date,amount\n\u0000\n'), 'text/csv', 'UNSUPPORTED_MEDIA_TYPE'],
    ['invalid UTF-8', Buffer.from([0x61, 0xff, 0x62]), 'text/csv', 'VALIDATION_FAILED'],
    ['a cut UTF-8 sequence', Buffer.from([0x61, 0xc3]), 'text/csv', 'VALIDATION_FAILED'],
  ])('refuses %s', async (_, payload, contentType, code) => {
    const response = await post('/csv', payload, contentType);
    expect(response.json()).toMatchObject({ code });
  });

  it('counts a body sent in chunks without a length against the limit too', async () => {
    const response = await fastify.inject({
      method: 'POST',
      url: '/csv',
      headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
      payload: Readable.from(['x'.repeat(40), 'y'.repeat(40)]),
    });
    expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses text/csv on a route that does not take it', async () => {
    const response = await post('/json', 'a,b\n');
    expect(response.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

import { Global, Injectable, Module } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';

type PathItem = OpenAPIObject['paths'][string];

/**
 * Routes that Fastify serves without Nest's router (a probe that must cost next to nothing),
 * described by the module that registers them, so that the document still lists them.
 */
@Injectable()
export class RawRouteDocs {
  private readonly paths = new Map<string, PathItem>();

  describe(path: string, item: PathItem): void {
    this.paths.set(path, item);
  }

  addTo(document: OpenAPIObject): OpenAPIObject {
    for (const [path, item] of this.paths)
      document.paths[path] = { ...document.paths[path], ...item };
    return document;
  }
}

@Global()
@Module({ providers: [RawRouteDocs], exports: [RawRouteDocs] })
export class OpenApiModule {}

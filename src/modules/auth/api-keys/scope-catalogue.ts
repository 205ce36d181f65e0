import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_REQUIREMENT, AccessRequirement } from 'src/platform/security/access.decorators';

/**
 * The scopes an API key can be given: exactly those that routes declare, collected from the
 * routes at start-up, so a key can never hold a scope that means nothing (or everything).
 */
@Injectable()
export class ScopeCatalogue implements OnModuleInit {
  private scopes: ReadonlySet<string> = new Set();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = new Set<string>();
    for (const wrapper of this.discovery.getControllers()) {
      const prototype = (wrapper.metatype as { prototype?: object } | undefined)?.prototype;
      if (!prototype) continue;
      const classLevel = this.reflector.get<AccessRequirement | undefined>(
        ACCESS_REQUIREMENT,
        wrapper.metatype as object as new () => unknown,
      );
      classLevel?.scopes?.forEach((scope) => found.add(scope));
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as () => unknown;
        const requirement = this.reflector.get<AccessRequirement | undefined>(
          ACCESS_REQUIREMENT,
          handler,
        );
        requirement?.scopes?.forEach((scope) => found.add(scope));
      }
    }
    this.scopes = found;
  }

  all(): string[] {
    return [...this.scopes].sort();
  }

  has(scope: string): boolean {
    return this.scopes.has(scope);
  }
}

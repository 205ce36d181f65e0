import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RATE_LIMIT_TIER } from 'src/platform/rate-limit/rate-limit.decorator';
import {
  ACCESS_REQUIREMENT,
  AccessRequirement,
  PUBLIC_ROUTE,
} from 'src/platform/security/access.decorators';
import { CategoriesController } from 'src/modules/expenses/categories/categories.controller';
import { ExpensesController } from 'src/modules/expenses/expenses.controller';

/** Every route of the module, found from the controllers' metadata (a new one cannot hide). */
const routes = [ExpensesController, CategoriesController].flatMap((controller) =>
  Object.getOwnPropertyNames(controller.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => {
      const handler = (controller.prototype as unknown as Record<string, object>)[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      return {
        route: `${controller.name}.${name}`,
        handler,
        method,
        path: Reflect.getMetadata(PATH_METADATA, handler) as string | undefined,
      };
    })
    .filter((route) => route.method !== undefined),
);

describe('expenses routes', () => {
  it('finds the routes', () => {
    expect(routes.length).toBe(9);
  });

  it.each(routes.map((route) => [route.route, route] as const))(
    '%s states who may call it, its API-key scope and its rate tier',
    (_name, route) => {
      expect(Reflect.getMetadata(PUBLIC_ROUTE, route.handler)).toBeUndefined();
      const access = Reflect.getMetadata(ACCESS_REQUIREMENT, route.handler) as AccessRequirement;
      const reads = route.method === RequestMethod.GET;
      expect(access.scopes).toEqual([reads ? 'expenses:read' : 'expenses:write']);
      expect(Reflect.getMetadata(RATE_LIMIT_TIER, route.handler)).toBe('authenticated');
    },
  );
});

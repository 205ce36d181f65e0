import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * A kind of change one module announces and others react to. `Payload` is what the raiser
 * says happened; `Result` is what each handler answers back to it (void for most events; the
 * base-currency change collects audit details this way). Declared once, beside the module
 * that raises it, with `defineTransactionalEvent`.
 */
export interface TransactionalEvent<Payload, Result = void> {
  readonly name: string;
  /** Never set: carries the types so `on` and `raise` are checked against each other. */
  readonly types?: { payload: Payload; result: Result };
}

export function defineTransactionalEvent<Payload, Result = void>(
  name: string,
): TransactionalEvent<Payload, Result> {
  return Object.freeze({ name });
}

/** Work that runs inside the transaction that raised the event, given its EntityManager. */
export type TransactionalEventHandler<Payload, Result> = (
  manager: EntityManager,
  payload: Payload,
) => Promise<Result>;

/**
 * Events raised inside a transaction and handled inside the same one: the change and its
 * consequences commit together or roll back together (a handler that throws fails the raiser's
 * transaction). Handlers register in `onModuleInit` of the module that reacts, so the raising
 * module never imports it; they run one after the other, in the order they registered, each
 * with the raiser's EntityManager, and `raise` answers their results in that order.
 */
@Injectable()
export class TransactionalEvents {
  private readonly handlers = new Map<string, TransactionalEventHandler<unknown, unknown>[]>();

  on<Payload, Result>(
    event: TransactionalEvent<Payload, Result>,
    handler: TransactionalEventHandler<Payload, Result>,
  ): void {
    const registered = this.handlers.get(event.name) ?? [];
    registered.push(handler as TransactionalEventHandler<unknown, unknown>);
    this.handlers.set(event.name, registered);
  }

  async raise<Payload, Result>(
    manager: EntityManager,
    event: TransactionalEvent<Payload, Result>,
    payload: Payload,
  ): Promise<Result[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`${event.name} must be raised with the EntityManager of an open transaction`);
    }
    const results: Result[] = [];
    for (const handler of this.handlers.get(event.name) ?? []) {
      results.push((await handler(manager, payload)) as Result);
    }
    return results;
  }
}

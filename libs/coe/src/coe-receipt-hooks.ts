import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Coe } from './coe.entity';

/** Runs inside the receipt's transaction: what it writes commits or rolls back with the receipt. */
export type ReceiptHook = (m: EntityManager, coe: Coe) => Promise<void>;

/**
 * What other features do when a receipt is registered (the applications' `receipt_registered` event):
 * `coe` cannot import them, so they register here at start-up, as mail extensions do.
 */
@Injectable()
export class CoeReceiptHooks {
  private readonly hooks: ReceiptHook[] = [];

  onReceiptRegistered(hook: ReceiptHook): void {
    this.hooks.push(hook);
  }

  async run(m: EntityManager, coe: Coe): Promise<void> {
    for (const hook of this.hooks) await hook(m, coe);
  }
}

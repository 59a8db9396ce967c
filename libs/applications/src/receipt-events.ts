import { Injectable, OnModuleInit } from '@nestjs/common';
import { CoeReceiptHooks } from '@app/coe';
import { ApplicationsRepository } from './applications.repository';
import { EventsRepository } from './events.repository';

/**
 * `receipt_registered`: when the filer registers receipt of an e-COE an approved COE application
 * issued, the application's history says so, written in the receipt's own transaction.
 */
@Injectable()
export class ReceiptEvents implements OnModuleInit {
  constructor(
    private readonly hooks: CoeReceiptHooks,
    private readonly applications: ApplicationsRepository,
    private readonly events: EventsRepository,
  ) {}

  onModuleInit(): void {
    this.hooks.onReceiptRegistered(async (m, coe) => {
      const app = await this.applications.findByCoeId(coe.id, m);
      if (!app) return;
      await this.events.insert(m, {
        applicationId: app.id,
        type: 'receipt_registered',
        actorKind: 'filer',
        actorId: coe.recipientId,
        createdAt: coe.receivedAt ?? app.updatedAt,
      });
    });
  }
}

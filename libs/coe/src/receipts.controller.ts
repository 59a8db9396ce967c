import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock, paginate, pageNumber } from '@app/platform';
import { LoggedIn } from '@app/session';
import { COE_NUMBER_PATTERN } from './coe-number';
import type { Coe } from './coe.entity';
import { CoeNotFoundError, CoeService } from './coe.service';
import { ledgerStampTime } from './ledger-stamp';
import { PAGE_SIZES, pageSizeOf as sizeOf, ReceiptLedger } from './receipt-ledger.repository';
import { receiptState } from './receipt-state';

const LIST_SCRIPTS = ['/assets/js/receipt-ledger.js'];

/** 受領登録 (SPEC §5): the recipient's list of e-COEs and registering receipt of one. */
@Controller('receipts')
@UseGuards(LoggedIn)
export class ReceiptsController {
  constructor(
    private readonly ledger: ReceiptLedger,
    private readonly coes: CoeService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage: unknown,
    @Query('size') rawSize: unknown,
    @Query('coe') highlight: unknown,
    @Query('registered') registered: unknown,
  ): Promise<void> {
    const userId = req.session.auth!.userId;
    const size = sizeOf(rawSize);
    const wanted = typeof highlight === 'string' && COE_NUMBER_PATTERN.test(highlight) ? highlight : undefined;
    // The mailed link opens on the certificate's page unless a page was asked for; the page is clamped to
    // the last in the same statement that reads the count.
    const {
      total,
      page,
      rows: found,
    } = await this.ledger.view(
      userId,
      pageNumber(rawPage, Number.MAX_SAFE_INTEGER),
      size,
      rawPage === undefined ? wanted : undefined,
    );
    const now = this.clock.now();
    const rows = found.map((r) => ({
      ...r,
      highlighted: r.number === wanted,
      state: receiptState(r, now),
    }));
    // Said only when the row on the page shows it: a link with ?registered=1 cannot make it up.
    const done = registered === '1' ? rows.find((r) => r.highlighted && r.state === 'registered') : undefined;
    const query = (n: number) => `/receipts?page=${n}&size=${size}${wanted ? `&coe=${wanted}` : ''}`;
    res.render('coe/receipts', {
      titleKey: 'coe:ledger.title',
      scripts: LIST_SCRIPTS,
      rows,
      done,
      total,
      size,
      sizes: PAGE_SIZES.map((s) => ({ value: s, selected: s === size })),
      asOf: ledgerStampTime(now, req.lng),
      pagination: paginate({ page, size, total, href: query }),
    });
  }

  @Get(':number')
  async confirmPage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Query('size') rawSize: unknown,
  ): Promise<void> {
    if (!COE_NUMBER_PATTERN.test(number)) throw new CoeNotFoundError();
    const coe = await this.coes.findOwn(req.session.auth!.userId, number);
    this.confirm(res, 200, coe, sizeOf(rawSize));
  }

  /** Back on the list at the certificate's page, its row now 受領登録済 (manual 5), with a message. */
  @Post(':number')
  async register(
    @Req() req: Request,
    @Res() res: Response,
    @Param('number') number: string,
    @Body('size') rawSize: unknown,
  ): Promise<void> {
    if (!COE_NUMBER_PATTERN.test(number)) throw new CoeNotFoundError();
    const size = sizeOf(rawSize);
    const coe = await this.coes.registerReceipt(req.session.auth!.userId, number, req.ip);
    // Revoked or past its validity: the service left it as it was; the confirmation page says why.
    if (receiptState(coe, this.clock.now()) !== 'registered') return this.confirm(res, 409, coe, size);
    res.redirect(303, `/receipts?size=${size}&coe=${encodeURIComponent(coe.number)}&registered=1`);
  }

  /** The confirmation page (the dialog's page without script); it says why when receipt cannot be registered. */
  private confirm(res: Response, status: number, coe: Coe, size: number): void {
    res.status(status).render('coe/receipt-confirm', {
      titleKey: 'coe:receipt.title',
      coe,
      size,
      state: receiptState(coe, this.clock.now()),
    });
  }
}

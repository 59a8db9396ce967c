import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock, paginate, pageNumber } from '@app/platform';
import { LoggedIn } from '@app/session';
import { COE_NUMBER_PATTERN } from './coe-number';
import { CoeNotFoundError, CoeService } from './coe.service';
import { ledgerStampTime } from './ledger-stamp';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, ReceiptLedger } from './receipt-ledger.repository';
import { receiptState } from './receipt-state';

const sizeOf = (raw: unknown): number => {
  const n = typeof raw === 'string' ? Number(raw) : NaN;
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
};

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
    const query = (n: number) => `/receipts?page=${n}&size=${size}${wanted ? `&coe=${wanted}` : ''}`;
    res.render('coe/receipts', {
      titleKey: 'coe:ledger.title',
      rows,
      total,
      size,
      sizes: PAGE_SIZES.map((s) => ({ value: s, selected: s === size })),
      asOf: ledgerStampTime(now, req.lng),
      pagination: paginate({ page, size, total, href: query }),
    });
  }

  @Get(':number')
  async confirmPage(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    if (!COE_NUMBER_PATTERN.test(number)) throw new CoeNotFoundError();
    const coe = await this.coes.findOwn(req.session.auth!.userId, number);
    res.render('coe/receipt-confirm', { titleKey: 'coe:receipt.title', coe });
  }

  @Post(':number')
  @HttpCode(200)
  async register(@Req() req: Request, @Res() res: Response, @Param('number') number: string): Promise<void> {
    if (!COE_NUMBER_PATTERN.test(number)) throw new CoeNotFoundError();
    const coe = await this.coes.registerReceipt(req.session.auth!.userId, number, req.ip);
    res.render('coe/receipt-done', { titleKey: 'coe:receipt.doneTitle', coe });
  }
}

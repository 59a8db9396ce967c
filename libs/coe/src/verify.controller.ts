import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '@app/platform';
import { initialsOf } from './coe-number';
import { coeValidity } from './receipt-state';
import { CoeService } from './coe.service';
import { statusByCode, statusLabel } from './statuses';

/**
 * Public check of an e-COE from its QR code: genuine or not, valid / expired / revoked, and nothing
 * about the holder beyond initials.
 */
@Controller('verify')
export class VerifyController {
  constructor(
    private readonly coes: CoeService,
    private readonly clock: Clock,
  ) {}

  @Get(':code')
  async verify(@Req() req: Request, @Res() res: Response, @Param('code') code: string): Promise<void> {
    const coe = /^[A-Za-z0-9_-]{43}$/.test(code) ? await this.coes.findByVerificationCode(code) : null;
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    if (!coe) {
      res.status(404).render('coe/verify-unknown', { titleKey: 'coe:verify.title' });
      return;
    }
    const status = statusByCode(coe.statusOfResidence);
    res.render('coe/verify', {
      titleKey: 'coe:verify.title',
      validity: coeValidity(coe, this.clock.now()),
      number: coe.number,
      initials: initialsOf(coe.holderNameEn),
      status: status ? statusLabel(status, req.lng) : { name: coe.statusOfResidence },
      validUntil: coe.validUntil,
    });
  }
}

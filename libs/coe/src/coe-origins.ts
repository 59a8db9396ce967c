import { Injectable } from '@nestjs/common';

/** What issued an e-COE besides the counter: shown on its office page as a link (e.g. the approved application). */
export interface CoeOrigin {
  labelKey: string;
  number: string;
  href: string;
}

export type CoeOriginLookup = (coeId: string) => Promise<CoeOrigin | null>;

/**
 * Modules that issue certificates through `CoeService.issueIn` register how to find their record here,
 * because `coe` cannot import them (they import `coe`): the e-COE's page links back without a column.
 */
@Injectable()
export class CoeOrigins {
  private readonly lookups: CoeOriginLookup[] = [];

  register(lookup: CoeOriginLookup): void {
    this.lookups.push(lookup);
  }

  async of(coeId: string): Promise<CoeOrigin | null> {
    for (const lookup of this.lookups) {
      const found = await lookup(coeId);
      if (found) return found;
    }
    return null;
  }
}

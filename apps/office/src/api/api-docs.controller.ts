import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { applicationsOpenApi } from '@app/applications';
import { openApiDocument } from '@app/coe';
import { APP_CONFIG, AppConfig } from '@app/platform';

/** /api/docs: one OpenAPI document for the office's APIs (e-COEs, applications), each describing its own part. */
@Controller('api')
export class ApiDocsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('docs')
  docs(@Res() res: Response): void {
    const doc = openApiDocument(this.config.officeBaseUrl);
    const apps = applicationsOpenApi();
    res.json({
      ...doc,
      info: { ...doc.info, title: 'Residence Online — e-COE and applications API' },
      paths: { ...doc.paths, ...apps.paths },
      components: { ...doc.components, schemas: { ...doc.components.schemas, ...apps.schemas } },
    });
  }
}

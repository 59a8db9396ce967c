import { Controller, Get, Render } from '@nestjs/common';

@Controller()
export class OfficeHomeController {
  @Get()
  @Render('office/home')
  home() {
    return {};
  }
}

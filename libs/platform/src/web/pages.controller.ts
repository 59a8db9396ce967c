import { Controller, Get, Render } from '@nestjs/common';

/** Static information pages of the frame. */
@Controller()
export class PagesController {
  @Get('contact')
  @Render('pages/contact')
  contact() {
    return {};
  }
}

import { projectPath } from '@app/platform';

export * from './announcement.entity';
export * from './announcements.controller';
export * from './announcements.module';
export * from './announcements.repository';
export * from './announcements.service';
export * from './localize';
export * from './top-page-announcements';
export * from './office/announcement.forms';
export * from './office/office-announcements.controller';

export const ANNOUNCEMENTS_VIEWS = projectPath('libs/announcements/src/views');

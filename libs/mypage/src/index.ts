import { projectPath } from '@app/platform';

export * from './address-policy';
export * from './mypage.controller';
export * from './mypage.module';
export * from './mypage.service';

export const MYPAGE_VIEWS = projectPath('libs/mypage/src/views');

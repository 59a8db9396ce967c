import { projectPath } from '@app/platform';

export * from './mypage.controller';

export const MYPAGE_VIEWS = projectPath('libs/mypage/src/views');

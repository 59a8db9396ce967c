// 手続き検索: the procedures the agency takes online, validated once at load, and their public pages (docs/procedures.md).
import { projectPath } from '@app/platform';

export * from './procedure.schema';
export * from './procedures';
export * from './pages/procedures.controller';
export * from './pages/search-query';

export const PROCEDURES_VIEWS = projectPath('libs/procedures/src/views');

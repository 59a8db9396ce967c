import { projectPath } from '@app/platform';

// Online applications (issue 13): the data, the state machine, eligibility and the use cases (docs/applications.md).
export * from './application-document.entity';
export * from './application-draft.entity';
export * from './application-event.entity';
export * from './application-form-pdf';
export * from './application-notices';
export * from './application-number';
export * from './application-state';
export * from './application-transitions';
export * from './application.entity';
export * from './application.forms';
export * from './applications.module';
export * from './applications.repository';
export * from './checklist';
export * from './documents.repository';
export * from './drafts.repository';
export * from './drafts.service';
export * from './eligibility';
export * from './errors';
export * from './events.repository';
export * from './examination.service';
export * from './filing.service';
export * from './keyset';
export * from './offices';
export * from './portal/filing.controller';

export const APPLICATIONS_VIEWS = projectPath('libs/applications/src/views');

// Sessions and credentials below the features: what a session holds, the guards that read it, the idle
// and lock rules, and the password hasher. Nothing here knows about a feature above it.
export * from './account-table.repository';
export * from './activity';
export * from './auth-session';
export * from './idle-policy';
export * from './lock-policy';
export * from './login-standing';
export * from './no-store';
export * from './logged-in.guard';
export * from './officer-logged-in.guard';
export * from './officer-session';
export * from './password-hasher';
export * from './session-store';
export * from './session.module';
export * from './sessions.repository';

// Field rules, each defined once and used by portal forms, office forms, API schemas and the CLI.
export * from './contact';
export * from './date-of-birth';
export * from './name';
export * from './password-policy';
export * from './postal-code';

// 手続き検索's data: the procedures the agency takes online, validated once at load (docs/procedures.md).
export * from './procedure.schema';
export * from './procedures';

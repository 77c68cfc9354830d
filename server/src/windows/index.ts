// The Windows knowledge: release table, tag resolution, host compatibility, stage detection,
// and the hover/completion helpers. Pure data and functions; no I/O.
export * from './releases';
export * from './compat';
export * from '../dockerfile/imageName';
export * from './repositories';
export * from './tags';
export * from './target';
export * from './stage';
export * from './describe';

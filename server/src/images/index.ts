// Knowledge about base images that is not about Windows releases: their environment (Config.Env),
// from the connected engine or from a table of official images. Data plus small functions.
export * from './table';
export * from './env';
export * from './describe';

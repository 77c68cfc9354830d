// "Add Dockerfile to Workspace", without VS Code: detection (detect.ts), the questions that remain
// (plan.ts), the host's release for each Windows image (hostRelease.ts) and the files (generate.ts).
// client/src/commands/scaffold.ts is the thin layer that asks and writes.
export * from './detect';
export * from './generate';
export * from './hostRelease';
export * from './kinds';
export * from './plan';
export * from './values';

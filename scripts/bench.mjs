// `npm run bench [-- GROUP...]`: like `npm start` and `npm test`, it may be the first command on a
// fresh clone, so it installs the npm packages (when missing or older than package-lock.json)
// before it loads the groups, which import them (bench-run.mjs).
import { ensureNpmPackages } from './lib/npm-packages.mjs';

ensureNpmPackages();
await import('./bench-run.mjs');

// Access to the shared corpus of real Dockerfiles (../shared/corpus beside the repository).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface CorpusEntry {
  file: string;
  windows: boolean;
  escapeDirective: string | null;
}

export const corpusRoot = process.env.DOCKER_WORKBENCH_CORPUS ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

export function corpusAvailable(): boolean {
  return existsSync(path.join(corpusRoot, 'manifest.json'));
}

export const corpusMissingMessage = `corpus not found at ${corpusRoot} (set DOCKER_WORKBENCH_CORPUS to its folder)`;

export function corpusEntries(): CorpusEntry[] {
  return JSON.parse(readFileSync(path.join(corpusRoot, 'manifest.json'), 'utf8')) as CorpusEntry[];
}

export function readCorpusFile(file: string): string {
  return readFileSync(path.join(corpusRoot, file), 'utf8');
}

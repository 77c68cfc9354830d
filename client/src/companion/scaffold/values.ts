// What a value must look like before it is written into a Dockerfile or compose file, whether a
// person typed it or a project file said it. Narrow on purpose: a value lands in shell-form RUN
// lines (cmd on Windows, sh on Linux), exec-form JSON and YAML, so only characters that mean the
// same in all of them pass; anything else is asked for again with the reason.

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** `server.js`, `src/app.py`, `App/App.csproj`: relative, forward slashes, no `..`, no spaces. */
export function validRelativePath(value: string): boolean {
  if (value.length === 0 || value.length > 200) return false;
  if (value === '.') return true;
  return value.split('/').every((s) => SEGMENT.test(s) && s !== '..' && s !== '.');
}

export function relativePathProblem(value: string): string | undefined {
  return validRelativePath(value)
    ? undefined
    : 'Use a path relative to the folder, with / between names made of letters, digits, _ . - (no spaces, no ..).';
}

/** An assembly, service or image name part. */
export function validName(value: string): boolean {
  return value.length > 0 && value.length <= 100 && SEGMENT.test(value);
}

export function validNodeVersion(value: string): boolean {
  return /^(1[89]|2\d|3\d)$/.test(value);
}

export function validGoVersion(value: string): boolean {
  return /^1\.\d{1,2}$/.test(value);
}

/** `.` or `./cmd/server`. */
export function validGoPackage(value: string): boolean {
  return value === '.' || (value.startsWith('./') && validRelativePath(value.slice(2)));
}

export function goPackageProblem(value: string): string | undefined {
  return validGoPackage(value) ? undefined : 'Use `.` or a package folder such as ./cmd/server (letters, digits, _ . -).';
}

export function parsePort(value: string): number | undefined {
  const text = value.trim();
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

export function portProblem(value: string): string | undefined {
  return value.trim() === '' || parsePort(value) !== undefined ? undefined : 'A port is a number from 1 to 65535 (empty: the app listens on none).';
}

/** A compose service name from a folder name: lower case, letters, digits, `-` and `_`. */
export function serviceNameFor(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 50);
  return name === '' ? 'app' : name;
}

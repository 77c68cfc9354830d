// Which names look like they hold a secret. One test for both halves: the server's
// SecretsUsedInArgOrEnv rule (which must agree with BuildKit's check, name for name) and the
// client, which hides such values when it shows an Inspect document.
//
// BuildKit's test (frontend/dockerfile/linter, isSecretKey): a `_`-separated word of the name is
// one of the secret words, case-insensitively, and no word is one of the allowed words.
const SECRET_WORD = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOWED_WORD = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** BuildKit's own answer for an ARG or ENV name: `DB_PASSWORD` yes, `PASSWORD_FILE` and `MONKEY` no. */
export function looksSecret(name: string): boolean {
  return SECRET_WORD.test(name) && !ALLOWED_WORD.test(name);
}

/**
 * For keys that are not variable names (labels, driver and log options: `com.example.api-key`,
 * `splunk-token`): `.`, `-` and `/` separate words there as `_` does in a variable name.
 */
export function keyLooksSecret(key: string): boolean {
  return looksSecret(key.replace(/[.\-/]/g, '_'));
}

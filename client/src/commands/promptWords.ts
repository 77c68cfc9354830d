// Entries written back into the text of an input box (Run's environment, offered again) so that
// splitWords (engine/validate.ts), which reads what is typed there, gives the same entries back:
// a value with spaces or quotes is quoted. Pure: no VS Code here.

export function joinWords(entries: readonly string[]): string {
  return entries.map(quoteWord).join(' ');
}

function quoteWord(word: string): string {
  if (word !== '' && !/[\s"']/.test(word)) return word;
  // splitWords has no escapes: inside "..." all but " is literal, and a " itself goes as '"'.
  return word
    .split('"')
    .map((part) => `"${part}"`)
    .join(`'"'`);
}

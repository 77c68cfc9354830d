// Text from the document (or from an engine) placed into Markdown the server builds, hover above
// all: only ever as an inline code span, whose fence is longer than any backtick run inside, so
// `![x](https://...)` shows as those characters and cannot become an image, a link, an autolink or
// HTML. One line, and bounded: a 1 MB word is not a 1 MB hover.

const MAX_LENGTH = 200;

/** An inline code span showing exactly `text` (line breaks as spaces, cut at 200 with an ellipsis). */
export function markdownCode(text: string): string {
  const content = oneLine(text);
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick (or is all spaces) needs a space inside the fence,
  // which the renderer strips again.
  const pad = content.startsWith('`') || content.endsWith('`') || content.trim() === '' ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\r\n|[\r\n]/g, ' ');
  if (flat.length <= MAX_LENGTH) return flat;
  // Never half a surrogate pair at the cut.
  const code = flat.charCodeAt(MAX_LENGTH - 2);
  return flat.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_LENGTH - 2 : MAX_LENGTH - 1) + '…';
}

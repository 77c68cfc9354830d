// Completion in a compose file: keys the schema allows where the cursor is (those already written
// left out), enumerated and boolean values of a key, and names the file defines where a key names
// one (`depends_on` and `extends` take services, a service's `networks` the top-level networks).
// For a client with snippet support, a key whose values are enumerated comes with a choice of them
// (`restart: ${1|no,always,...|}`); otherwise every item is plain text.
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position } from 'vscode-languageserver';
import type { ComposeModel } from '../../compose/model';
import { lineContext } from '../../compose/paths';
import type { SchemaNav } from '../../compose/schemaNav';
import { escapeChoice } from '../completion';

export interface ComposeCompletionOptions {
  /** The client announced `completionItem.snippetSupport`. */
  snippets: boolean;
}

export function composeCompletion(model: ComposeModel, nav: SchemaNav | undefined, position: Position, options: ComposeCompletionOptions): CompletionItem[] {
  const context = lineContext(model.lines, position.line, position.character);
  const range = { start: { line: position.line, character: context.start }, end: position };
  const names = namesFor(model, context.path, context.kind === 'value' ? context.key : undefined, context.listItem);
  if (names !== undefined) {
    return names.map((name) => ({ label: name.label, kind: name.kind, detail: name.detail, textEdit: { range, newText: name.label } }));
  }
  if (nav === undefined) return [];
  if (context.kind === 'key' && !context.listItem) {
    return nav
      .keys(context.path)
      .filter((k) => !context.siblings.has(k.key))
      .map((k) => {
        const choices = options.snippets ? nav.values([...context.path, k.key]).map((v) => v.value) : [];
        return {
          label: k.key,
          kind: CompletionItemKind.Property,
          detail: typeOf(k.schema),
          documentation: k.description !== undefined ? { kind: 'markdown', value: k.description } : undefined,
          insertTextFormat: choices.length > 0 ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          textEdit: { range, newText: choices.length > 0 ? `${k.key}: \${1|${choices.map(escapeChoice).join(',')}|}` : `${k.key}: ` },
          // Typing `im` should offer `image`; the colon comes with the key.
          filterText: k.key,
        };
      });
  }
  const valuePath = context.kind === 'value' && context.key !== undefined ? [...context.path, context.key] : context.path;
  return nav.values(valuePath).map((v) => ({
    label: v.value,
    kind: CompletionItemKind.EnumMember,
    documentation: v.description !== undefined ? { kind: 'markdown', value: v.description } : undefined,
    textEdit: { range, newText: v.value },
  }));
}

interface Name {
  label: string;
  kind: CompletionItemKind;
  detail: string;
}

function namesFor(model: ComposeModel, path: readonly string[], key: string | undefined, listItem: boolean): Name[] | undefined {
  const full = key !== undefined ? [...path, key] : path;
  if (full.length < 3 || full[0] !== 'services') return undefined;
  const [, own, field, ...rest] = full;
  const services = () => model.services.filter((s) => s.name !== own).map((s) => ({ label: s.name, kind: CompletionItemKind.Class, detail: 'service' }));
  // `depends_on: [- db]`, or as a mapping key `depends_on: { db: ... }`.
  if (field === 'depends_on' && (rest.length === 0 || rest[0] === '*') && (listItem || rest[0] === '*' || key === undefined)) return services();
  if (field === 'extends' && (key === 'extends' || (rest[0] === 'service' && key === 'service'))) return services();
  if (field === 'networks' && (rest.length === 0 || rest[0] === '*')) return model.networks.map((n) => ({ label: n.name, kind: CompletionItemKind.Interface, detail: 'network' }));
  return undefined;
}

function typeOf(schema: Record<string, unknown>): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.join(' | ');
  return undefined;
}

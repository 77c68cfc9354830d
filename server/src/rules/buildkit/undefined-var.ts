import type { DockerfileModel, Instruction, Range } from '../../dockerfile/model';
import type { Fix, LintContext, Rule, Report } from '../types';
import { argsRange, checkDocs, insertLineAbove, keyValues, PLATFORM_ARG_DEFAULTS, suggest } from './common';
import { foldStagesSteps, startsFromScratch } from './stages';
import { isPlainName, processWord } from '../../dockerfile/lexer';
import type { Stage } from '../../dockerfile/model';
import { imageEnvLookup, type BaseImageEnv } from '../../images/env';
import { isWindowsStage } from '../../windows/stage';
import { Memo } from '../../dockerfile/memo';
import { runToEnd } from '../../steps';

const PROXY_ARGS = new Set(['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy']);
// BuildKit skips these; they steer the builder and are never environment.
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

interface Scope {
  names: Set<string>;
  /** The external base image's environment, when the engine or the table knows it. */
  base?: { reference: string; env: BaseImageEnv };
}

/** A piece of text BuildKit expands, and where to point at it. */
interface Expanded {
  text: string;
  /** Offset of `text` in argsText, when it is verbatim there (so uses can be pointed at). */
  offset?: number;
  range: Range;
}

/** A slice of argsText; its range is only wanted for a report, which is rare, so it is computed then. */
class VerbatimText implements Expanded {
  readonly text: string;
  constructor(
    private readonly ins: Instruction,
    readonly offset: number,
    private readonly end: number,
  ) {
    this.text = ins.argsText.slice(offset, end);
  }

  get range(): Range {
    return argsRange(this.ins, this.offset, this.end);
  }
}

// Read once per instruction object: the re-parse after an edit keeps the instructions it did not
// touch, so a lint after an edit reads only the new ones. (Their ranges are made from the instruction.)
const expandedOf = new Memo<Instruction, { texts: Expanded[]; declares: string[] }>('undefinedVarTexts');

function expandedTexts(ins: Instruction): { texts: Expanded[]; declares: string[] } {
  return expandedOf.get(ins, readExpandedTexts);
}

/** What BuildKit runs through its variable expansion for each instruction; RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK and ONBUILD are left to the shell. */
function readExpandedTexts(ins: Instruction): { texts: Expanded[]; declares: string[] } {
  const texts: Expanded[] = [];
  const declares: string[] = [];
  const verbatim = (start: number, end: number): Expanded => new VerbatimText(ins, start, end);
  const words = () => {
    // The word itself: its range is only worked out if a report needs it.
    for (const w of ins.words) if (!/^\d*<</.test(w.text)) texts.push(w);
  };
  switch (ins.keyword) {
    case 'ENV':
    case 'LABEL': {
      const kv = keyValues(ins);
      if (kv.error) break;
      for (const p of kv.pairs) {
        texts.push(verbatim(p.keyOffset, p.keyOffset + p.keyText.length));
        texts.push(verbatim(p.valueOffset, p.valueOffset + p.valueText.length));
        if (ins.keyword === 'ENV') declares.push(p.keyText);
      }
      break;
    }
    case 'ARG':
      for (const w of ins.words) {
        const eq = w.text.indexOf('=');
        if (eq >= 0) texts.push(verbatim(w.offset + eq + 1, w.offset + w.text.length));
        declares.push(eq >= 0 ? w.text.slice(0, eq) : w.text);
      }
      break;
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
      if (ins.argsText) texts.push(verbatim(0, ins.argsText.length));
      break;
    case 'EXPOSE':
      words();
      break;
    case 'VOLUME':
    case 'COPY':
    case 'ADD':
      if (ins.exec?.form === 'exec') {
        for (const v of ins.exec.values) texts.push({ text: v, range: ins.argsRange });
      } else {
        words();
      }
      for (const f of ins.flags) {
        if (['chown', 'chmod', 'checksum'].includes(f.name.toLowerCase()) && f.value !== undefined) {
          texts.push({ text: f.value, range: f.valueRange ?? f.range });
        }
      }
      break;
  }
  return { texts, declares };
}

function baseEnvironment(model: DockerfileModel, stage: Stage, context: LintContext): Scope['base'] {
  const root = stage.rootImage;
  if (root?.resolved === undefined || root.stageRef !== undefined || root.resolved.toLowerCase() === 'scratch') return undefined;
  const lookup = context.imageEnv ?? imageEnvLookup();
  const env = lookup(root, { windowsTarget: context.host.engineOs === 'windows' || isWindowsStage(model, stage) });
  return env === undefined ? undefined : { reference: root.resolved, env };
}

/** A stage starts with its base image's variables; BuildKit adds a default PATH to any but a Windows image. */
function freshScope(model: DockerfileModel, stage: Stage, context: LintContext): Scope {
  const base = baseEnvironment(model, stage, context);
  const names = new Set<string>(base?.env.names ?? []);
  if (base?.env.os !== 'windows') names.add('PATH');
  return { names, base };
}

const WINDOWS_PATH_REASON =
  ': Windows images keep PATH in the registry, not in their ENV, so $PATH is empty here and the whole search path is replaced; extend it with RUN setx /M PATH instead';

/** Why a name the base image's known environment lacks is reported. */
function unsetReason(base: NonNullable<Scope['base']>): string {
  const from = base.env.source === 'engine' ? 'from the engine' : "from Docker Workbench's image table";
  return `: not set in this Dockerfile nor in the ENV of ${base.reference} (${from})`;
}

/**
 * How many instructions the rule reads between two of its steps: on the 10k-line Windows bench
 * file (7,142 instructions) the whole rule took 4-7 ms a lint, the longest step of any rule, and a
 * request that came meanwhile waited for all of it.
 */
const INSTRUCTIONS_PER_STEP = 1000;

/** Every name the Dockerfile declares anywhere (ARG or ENV): a use of one outside its scope is a real slip. */
function declaredAnywhere(model: DockerfileModel): Set<string> {
  const names = new Set<string>();
  for (const ins of model.instructions) {
    if (ins.keyword === 'ARG' || ins.keyword === 'ENV') for (const n of expandedTexts(ins).declares) names.add(n);
  }
  return names;
}

export const undefinedVar: Rule = {
  id: 'UndefinedVar',
  buildkitName: 'UndefinedVar',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Variables should be defined before their use',
  docs: checkDocs(
    'UndefinedVar',
    [
      'A variable used in `ENV`, `LABEL`, `ARG`, `WORKDIR`, `USER`, `VOLUME`, `EXPOSE`, `STOPSIGNAL`, `COPY` or `ADD` must be declared (by `ARG` or `ENV`) earlier in the stage or in the stage it builds on; otherwise Docker silently expands it to an empty string.',
      '',
      'Global ARGs (before the first `FROM`) and the automatic platform ARGs (`TARGETARCH` ...) are not visible inside a stage until redeclared with `ARG NAME`. `RUN`, `CMD` and `ENTRYPOINT` are not checked: their variables belong to the shell.',
      '',
      "A stage also sees its base image's ENV. Docker Workbench knows it from the connected engine when the image is present there (in the editor, and with `lint --engine`), otherwise from its table of widely used official images (alpine, busybox, debian, ubuntu, node, python, golang, nginx, the Windows base images and the .NET Framework images). A name neither the file nor that environment sets is reported, as BuildKit does: `WORKDIR $HOME/app` on `alpine` is `/app`, since `HOME` is not in alpine's ENV.",
      '',
      'Windows images keep `PATH` in the registry, not in their ENV, and the builder adds no default `PATH` for them: `ENV PATH="C:\\tools;$PATH"` on `servercore` sets PATH to `C:\\tools;` alone. Extend it with `RUN setx /M PATH` instead.',
      '',
      "For a base image that neither the engine nor the table knows (hover on `FROM` says which), Docker Workbench reports only names that are declared elsewhere in the file, look like a typo of a visible name, or are predefined ARGs.",
    ].join('\n'),
  ),
  check: (model, context) => runToEnd(undefinedVarSteps(model, context)),
  steps: undefinedVarSteps,
};

/** The rule's work, a step every INSTRUCTIONS_PER_STEP instructions or so (a stage is not split). */
function* undefinedVarSteps(model: DockerfileModel, context: LintContext): Generator<void, Report[]> {
  const reports: Report[] = [];
  const esc = model.escape.char;
  const elsewhere = declaredAnywhere(model);
  const globalNames = new Set(model.globalArgs.map((a) => a.name));
  yield* foldStagesSteps<Scope>(
    model,
    (stage) => freshScope(model, stage, context),
    (s) => ({ names: new Set(s.names), base: s.base }),
    (stage, scope) => {
      const known = startsFromScratch(model, stage) || scope.base !== undefined;
      for (const ins of stage.instructions) {
        if (ins.keyword === 'FROM') continue;
        // Most instructions use no variable at all: only ARG and ENV must still be read, for what they declare.
        const declaring = ins.keyword === 'ARG' || ins.keyword === 'ENV';
        if (!declaring && !ins.text.includes('$')) continue;
        const { texts, declares } = expandedTexts(ins);
        const reported = new Set<string>();
        let sameInstruction: Set<string> | undefined;
        for (const t of texts) {
          if (!t.text.includes('$')) continue;
          sameInstruction ??= new Set(declares);
          const expansion = processWord(t.text, esc, (n) => (scope.names.has(n) ? '' : undefined));
          for (const use of expansion.uses) {
            const name = use.name;
            if (!expansion.unmatched.has(name) || !isPlainName(name) || NON_ENV_ARGS.has(name) || reported.has(name)) continue;
            const isGlobal = globalNames.has(name);
            const predefined = PLATFORM_ARG_DEFAULTS.has(name) || PROXY_ARGS.has(name);
            const better = suggest(name, scope.names, true);
            const strong = isGlobal || predefined || elsewhere.has(name);
            if (use.guarded && !strong) continue;
            if (!known && !strong && !better) continue;
            reported.add(name);
            const nameStart = use.start + (t.text[use.start + 1] === '{' ? 2 : 1);
            const range = t.offset !== undefined ? argsRange(ins, t.offset + nameStart, t.offset + nameStart + name.length) : t.range;
            // Declaring an ARG PATH would not bring the registry's PATH back.
            const windowsPath = name === 'PATH' && scope.base?.env.os === 'windows';
            const fixes: Fix[] = [];
            if (better && t.offset !== undefined) fixes.push({ title: `Change to $${better}`, edits: [{ range, newText: better }] });
            if (!windowsPath && (isGlobal || predefined || (elsewhere.has(name) && !sameInstruction.has(name)))) {
              fixes.push({
                title: `Declare ARG ${name} in this stage`,
                preferred: !better && (isGlobal || predefined),
                edits: [insertLineAbove(model, ins.startLine, `${ins.rawKeyword === ins.rawKeyword.toLowerCase() ? 'arg' : 'ARG'} ${name}`)],
              });
            }
            let message = `Usage of undefined variable '$${name}'${better ? ` (did you mean $${better}?)` : ''}`;
            if (windowsPath) message += WINDOWS_PATH_REASON;
            else if (sameInstruction.has(name)) message += `: ${ins.keyword} values only take effect after the instruction, so set ${name} in an earlier ${ins.keyword}`;
            else if (isGlobal) message += `: the global ARG ${name} must be redeclared with 'ARG ${name}' inside the stage`;
            else if (elsewhere.has(name) && !better) message += `: ${name} is declared in another stage, not in this one or the stage it builds on`;
            else if (predefined) message += `: the predefined ARG ${name} is only visible in a stage after 'ARG ${name}'`;
            else if (scope.base !== undefined && !better) message += unsetReason(scope.base);
            reports.push({ range, message, fixes });
          }
        }
        for (const d of declares) scope.names.add(isPlainName(d) ? d : processWord(d, esc, () => undefined).result || d);
      }
    },
    INSTRUCTIONS_PER_STEP,
  );
  return reports;
}

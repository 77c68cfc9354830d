// Runs a mocha suite inside code-server's real extension host, the way @vscode/test-electron runs
// it in desktop VS Code: the smoke-test driver takes the test payload from the URL, and the exit
// code comes back through window.codeAutomationExit.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchChromium, startCodeServer, testPayload, workbenchUrl, writeUserSettings } from './code-server.mjs';

/**
 * @param {{
 *   runDir: string,            fresh folder for code-server's state
 *   workspace: string,         folder the window opens (created if missing)
 *   extensionDevelopmentPath: string,
 *   extensionTestsPath: string, compiled suite entry exporting run()
 *   env?: Record<string, string>, extra environment for code-server and its extension host
 *   restricted?: boolean,      open the workspace in Restricted Mode (workspace trust on, folder not trusted)
 *   statsFile?: string,        where the suite writes {passes, failures, pending}
 *   timeoutMs?: number,        the whole run, start-up included
 *   log?: (line: string) => void,
 * }} options
 * @returns {Promise<{ code: number, reason?: string }>}
 */
export async function runExtensionTests(options) {
  const { runDir, workspace, timeoutMs = 300_000 } = options;
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  mkdirSync(workspace, { recursive: true });
  // Restricted Mode: trust on, and no start-up prompt, so the folder simply opens untrusted.
  writeUserSettings(
    runDir,
    options.restricted
      ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never', 'security.workspace.trust.emptyWindow': false }
      : {},
  );
  // The extension host does inherit code-server's environment (checked on 4.139), but a file in
  // the workspace also carries the path, so the suite finds it under any launcher.
  if (options.statsFile) {
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(workspace, '.vscode', 'docker-workbench-test.json'), JSON.stringify({ statsFile: options.statsFile }));
  }
  const env = { ...(options.env ?? {}), ...(options.statsFile ? { DOCKER_WORKBENCH_STATS_FILE: options.statsFile } : {}) };
  const started = Date.now();
  const server = await startCodeServer({ runDir, smokeTestDriver: true, workspaceTrust: !!options.restricted, env });
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let finish = (/** @type {{code: number, reason?: string}} */ _r) => {};
    const done = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
    // Mocha's reporter writes to the extension host's console, which the workbench forwards here.
    // The workbench's own start-up chatter is dropped until the suite speaks; errors always show.
    let suiteStarted = false;
    page.on('console', (message) => {
      void formatConsole(message).then((text) => {
        suiteStarted ||= text.startsWith('docker-workbench suite');
        if (isNoise(text) || (!suiteStarted && !/^ERR|error/i.test(text))) return;
        log(text);
      });
    });
    page.on('pageerror', (error) => log(`[page error] ${error.message}`));
    const remaining = () => Math.max(1, timeoutMs - (Date.now() - started));
    await page.goto(workbenchUrl(server, workspace, testPayload(server, options.extensionDevelopmentPath, options.extensionTestsPath)), { timeout: remaining() });
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ code: 1, reason: `no result within ${timeoutMs} ms` }), remaining());
    });
    const result = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return result;
  } catch (error) {
    return { code: 1, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

/**
 * The workbench forwards the extension host's console.log(fmt, ...args) as
 * console.log('%cINFO', css, fmt, ...args) (ERR for console.error): format it the way Node would.
 */
async function formatConsole(message) {
  let args;
  try {
    args = await Promise.all(message.args().map((a) => a.jsonValue()));
  } catch {
    return message.text();
  }
  if (typeof args[0] !== 'string' || !args[0].startsWith('%c')) return message.text();
  const level = args[0].slice(2).trim();
  const values = args.slice(2);
  const text = values.length > 0 ? format(...values) : '';
  return level === 'INFO' ? text : `${level} ${text}`;
}

/** Offline look-ups of the marketplace, telemetry and sign-in hosts fail harmlessly. */
function isNoise(text) {
  return /ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|Failed to load resource|marketplace|gallery|vscode-sync|update\.code\.visualstudio|\[Extension Host\] (?:debugger|Debugger)|Download the React DevTools/i.test(text);
}

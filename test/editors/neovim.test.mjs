// Neovim as a real LSP client (the editors tier): Debian's neovim (0.7.2, installed by
// scripts/test-host.mjs apt) started headless with an init.lua this test writes (no plugins, no
// user config, nothing fetched) loads the README's Neovim 0.7 configuration as written (read from
// README.md): its FileType autocommand runs `docker-workbench lsp --stdio` (on PATH here as a link
// to dist/cli.js) with the host build in its `settings`, pushed on init (Neovim 0.7 announces no
// workspace/configuration). It opens a Windows Dockerfile, takes the diagnostics, applies a quick
// fix through vim.lsp.buf.code_action (the choice made by a vim.ui.select that picks the title, as
// a person would), formats with vim.lsp.buf.formatting_sync and writes what it saw to files this
// test reads. Every wait is bounded in Neovim and here; Neovim and the server it started are
// stopped by process group. The README's Neovim 0.8 block (vim.lsp.start, which 0.7 lacks) is only
// read by Neovim's Lua parser here; test/unit/readme-editors.test.ts checks what it starts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DOCKERFILE, prepareEditorFolder, readmeBlock, runEditor, stopEditor, withCliOnPath } from './harness.mjs';

const NVIM_WAIT_MS = 45_000;

// Only environment variables carry paths into Neovim, so nothing is quoted into Lua here.
const INIT_LUA = String.raw`
local out = os.getenv('DW_OUT')
local function write(name, text)
  local f = assert(io.open(out .. '/' .. name .. '.tmp', 'w'))
  f:write(text)
  f:close()
  os.rename(out .. '/' .. name .. '.tmp', out .. '/' .. name)
end
local function finish(name, text)
  write(name, text)
  vim.cmd('qall!')
end
-- Never outlive the test: whatever happens, Neovim quits after 40 s.
vim.defer_fn(function() finish('error', 'timed out inside Neovim') end, 40000)

local function codes(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(list, tostring(d.code)) end
  table.sort(list)
  return list
end
-- Polls every 50 ms until check() is true, at most 20 s; then calls done().
local function when(what, check, done)
  local left = 400
  local function poll()
    local ok, result = pcall(check)
    if ok and result then return done() end
    left = left - 1
    if left <= 0 then return finish('error', 'gave up waiting for ' .. what .. '; diagnostics: ' .. table.concat(codes(0), ',')) end
    vim.defer_fn(poll, 50)
  end
  poll()
end
local function has(list, code)
  for _, c in ipairs(list) do if c == code then return true end end
  return false
end

vim.o.shiftwidth = 4
vim.o.expandtab = true
-- The README's configuration, as written: its FileType autocommand starts the server and attaches it.
dofile(os.getenv('DW_README_CONFIG'))
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('DW_FILE')))
vim.bo.filetype = 'dockerfile'
local bufnr = vim.api.nvim_get_current_buf()

when('the first diagnostics', function()
  return has(codes(bufnr), 'windows-host-mismatch') and has(codes(bufnr), 'exec-form-invalid-json')
end, function()
  write('diagnostics.json', vim.fn.json_encode(vim.diagnostic.get(bufnr)))
  -- The quick fix on the ENTRYPOINT line, chosen by its title as a person picks it from the list.
  vim.ui.select = function(items, _, on_choice)
    local titles = {}
    for _, item in ipairs(items) do
      table.insert(titles, item[2].title)
      if item[2].title:find('escape backslashes', 1, true) then return on_choice(item) end
    end
    finish('error', 'no such quick fix among: ' .. table.concat(titles, ' | '))
  end
  vim.api.nvim_win_set_cursor(0, { 5, 14 })
  vim.lsp.buf.code_action()
  when('the fixed diagnostics', function()
    return not has(codes(bufnr), 'exec-form-invalid-json') and has(codes(bufnr), 'windows-host-mismatch')
  end, function()
    write('fixed.txt', table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'))
    vim.lsp.buf.formatting_sync(nil, 10000)
    write('formatted.txt', table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'))
    finish('done', table.concat(codes(bufnr), ','))
  end)
end)
`;

describe('Neovim 0.7 (Debian) as an LSP client of docker-workbench lsp --stdio', function () {
  this.timeout(120_000);
  let tmp;
  let nvim;

  before(function () {
    tmp = prepareEditorFolder('nvim', 'dw-nvim-', "node scripts/test-host.mjs apt installs Debian's neovim");
    writeFileSync(path.join(tmp, 'readme-neovim.lua'), readmeBlock('**Neovim 0.7**', 'lua'));
  });

  after(() => {
    stopEditor(nvim);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('receives windows-host-mismatch from the settings, applies the JSON quick fix and formats', async () => {
    const out = path.join(tmp, 'out');
    const home = path.join(tmp, 'home');
    mkdirSync(out);
    mkdirSync(home);
    const file = path.join(tmp, 'Dockerfile');
    writeFileSync(file, DOCKERFILE);
    writeFileSync(path.join(tmp, 'init.lua'), INIT_LUA);
    const { how, output } = await runEditor('nvim', ['--headless', '-n', '-i', 'NONE', '--noplugin', '-u', path.join(tmp, 'init.lua')], {
      cwd: tmp,
      // `docker-workbench` on PATH, as the README's configuration runs it.
      env: withCliOnPath(tmp, {
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, 'config'),
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
        DW_OUT: out,
        DW_FILE: file,
        DW_README_CONFIG: path.join(tmp, 'readme-neovim.lua'),
      }),
      waitMs: NVIM_WAIT_MS,
      started: (child) => (nvim = child),
    });
    const read = (name) => (existsSync(path.join(out, name)) ? readFileSync(path.join(out, name), 'utf8') : undefined);
    const lspLog = path.join(home, 'cache', 'nvim', 'lsp.log');
    const context = `\nnvim: ${how}\n${output}\nerror: ${read('error')}\nlsp.log: ${existsSync(lspLog) ? readFileSync(lspLog, 'utf8').slice(-3000) : '-'}`;
    assert.notEqual(how, 'timeout', `Neovim did not finish in ${NVIM_WAIT_MS} ms${context}`);
    assert.equal(read('error'), undefined, context);

    const diagnostics = JSON.parse(read('diagnostics.json') ?? '[]');
    const mismatch = diagnostics.find((d) => d.code === 'windows-host-mismatch');
    assert.ok(mismatch, context);
    assert.equal(mismatch.lnum, 1);
    assert.match(mismatch.message, /17763/);
    assert.equal(diagnostics.find((d) => d.code === 'exec-form-invalid-json')?.lnum, 4);

    const fixed = read('fixed.txt');
    assert.equal(fixed?.split('\n')[4], 'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]', context);
    assert.equal(read('done'), 'windows-host-mismatch', 'after the fix only the host finding is left');
    const formatted = read('formatted.txt');
    assert.notEqual(formatted, fixed, 'formatting changed the buffer');
    assert.deepEqual(formatted?.split('\n'), ['# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN powershell -Command `', '    Write-Host hi', 'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]']);
  });

  it("the README's Neovim 0.8 block is Lua that Neovim's parser reads", () => {
    const file = path.join(tmp, 'readme-neovim-0.8.lua');
    writeFileSync(file, readmeBlock('**Neovim 0.8 and later**', 'lua'));
    // loadstring parses without running: vim.lsp.start and vim.fs do not exist in 0.7.
    const check = "local f = assert(io.open(os.getenv('DW_LUA'))) local _, err = loadstring(f:read('*a')) f:close() if err then io.stderr:write(err) vim.cmd('cquit 1') end";
    const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '--noplugin', '-c', `lua ${check}`, '-c', 'qall!'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, HOME: path.join(tmp, 'home-parse'), DW_LUA: file },
    });
    assert.equal(r.status, 0, `${r.error?.message ?? ''}${r.stderr}`);
  });
});

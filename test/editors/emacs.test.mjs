// Emacs with eglot as a real LSP client (the editors tier): Debian's emacs-nox 28.2 and elpa-eglot
// 1.9 (installed by scripts/test-host.mjs apt), run with --batch, a HOME inside the test's folder
// and a harness this test writes. The Emacs configuration is the README's eglot snippet itself,
// read from README.md and loaded as written, so the documented setup is what is tested: it runs
// `docker-workbench` (on PATH here as a link to dist/cli.js, as `npm install -g` makes it) and
// gives the host build through `eglot-workspace-configuration`. Emacs opens a Windows Dockerfile,
// takes the diagnostics from flymake, applies the JSON quick fix through eglot-code-actions (the
// choice made by a completing-read that picks the title, as a person would), waits for the
// diagnostics of the fixed text and formats with eglot-format-buffer; it writes what it saw to
// files this test reads. A second run with the workspace configuration emptied shows the host
// finding came through it. Every wait is bounded in Emacs and here; Emacs and the server it
// started are stopped by process group.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DOCKERFILE, prepareEditorFolder, readmeBlock, runEditor, stopEditor, withCliOnPath } from './harness.mjs';

const EMACS_WAIT_MS = 45_000;

// Only environment variables carry paths into Emacs, so nothing is quoted into Lisp here.
// DW_MODE=control: the README's configuration with eglot-workspace-configuration emptied; Emacs
// writes the first diagnostics that hold exec-form-invalid-json and stops.
const HARNESS_EL = String.raw`;;; -*- lexical-binding: t -*-
(require 'cl-lib)
(defvar dw-out (getenv "DW_OUT"))
(defun dw-write (name text)
  (let ((tmp (expand-file-name (concat name ".tmp") dw-out))
        (coding-system-for-write 'utf-8-unix))
    (write-region text nil tmp nil 'silent)
    (rename-file tmp (expand-file-name name dw-out) t)))
(defun dw-finish (name text)
  (dw-write name text)
  (kill-emacs 0))
;; Never outlive the test: whatever happens, Emacs stops after 40 s.
(run-at-time 40 nil (lambda () (dw-finish "error" "timed out inside Emacs")))

;; Debian 12's Emacs has neither dockerfile-mode (a package) nor dockerfile-ts-mode (Emacs 29):
;; a major mode of the package's name stands in for it, so the README's mapping applies as written.
(define-derived-mode dockerfile-mode prog-mode "Dockerfile")
(add-to-list 'auto-mode-alist '("Dockerfile\\'" . dockerfile-mode))
(load (getenv "DW_README_CONFIG") nil t)
(when (equal (getenv "DW_MODE") "control")
  (setq-default eglot-workspace-configuration nil))
(require 'eglot)

(defun dw-code (diagnostic)
  (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diagnostic))) :code))
(defun dw-codes ()
  (sort (mapcar #'dw-code (flymake-diagnostics)) #'string<))
(defun dw-diagnostics-json ()
  (json-serialize
   (vconcat (mapcar (lambda (d)
                      (list :code (dw-code d)
                            :line (line-number-at-pos (flymake-diagnostic-beg d))
                            :text (flymake-diagnostic-text d)))
                    (flymake-diagnostics)))))
;; Polls every 50 ms (process output and timers run meanwhile), at most 20 s.
(defun dw-wait (what check)
  (let ((left 400))
    (while (and (not (funcall check)) (> left 0))
      (accept-process-output nil 0.05)
      (setq left (1- left)))
    (unless (funcall check)
      (dw-finish "error" (format "gave up waiting for %s; diagnostics: %S" what (dw-codes))))))
(defun dw-buffer-text ()
  (buffer-substring-no-properties (point-min) (point-max)))
;; --batch never goes idle, so its idle timers never fire, and eglot sends an edit's didChange from
;; one: run the pending idle timers once, as the command loop does when the person stops typing.
(defun dw-idle ()
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(condition-case err
    (progn
      (find-file (getenv "DW_FILE"))
      ;; M-x eglot: the server program comes from eglot-server-programs (the README's entry).
      (call-interactively #'eglot)
      (if (equal (getenv "DW_MODE") "control")
          (progn
            (dw-wait "the first diagnostics" (lambda () (member "exec-form-invalid-json" (dw-codes))))
            (dw-finish "diagnostics.json" (dw-diagnostics-json)))
        (dw-wait "the first diagnostics"
                 (lambda () (and (member "windows-host-mismatch" (dw-codes))
                                 (member "exec-form-invalid-json" (dw-codes)))))
        (dw-write "diagnostics.json" (dw-diagnostics-json))
        ;; Point on the ENTRYPOINT's first argument, as a person puts it before asking for fixes.
        (goto-char (point-min))
        (forward-line 4)
        (search-forward "[")
        (let ((last-nonmenu-event ?\r) ; invoked from the keyboard, so eglot asks through completing-read
              (completing-read-function
               (lambda (_prompt collection &rest _)
                 (let ((titles (mapcar #'car collection)))
                   (or (cl-find-if (lambda (title) (string-match-p "escape backslashes" title)) titles)
                       (dw-finish "error" (format "no such quick fix among: %S" titles)))))))
          (call-interactively #'eglot-code-actions))
        (dw-write "fixed.txt" (dw-buffer-text))
        (dw-idle)
        (dw-wait "the diagnostics after the fix"
                 (lambda () (and (member "windows-host-mismatch" (dw-codes))
                                 (not (member "exec-form-invalid-json" (dw-codes))))))
        (dw-write "after-fix" (mapconcat #'identity (dw-codes) ","))
        (eglot-format-buffer)
        (dw-finish "formatted.txt" (dw-buffer-text))))
  (error (dw-finish "error" (format "%S" err))))
`;

describe('Emacs 28 with eglot (Debian) as an LSP client, configured by the README', function () {
  this.timeout(120_000);
  let tmp;
  const running = new Set();

  before(function () {
    tmp = prepareEditorFolder('emacs', 'dw-emacs-', "node scripts/test-host.mjs apt installs Debian's emacs-nox and elpa-eglot");
    // The README's eglot configuration: the first elisp block after the **Emacs** paragraph.
    writeFileSync(path.join(tmp, 'readme-eglot.el'), readmeBlock('**Emacs**', 'elisp'));
    writeFileSync(path.join(tmp, 'harness.el'), HARNESS_EL);
  });

  after(() => {
    for (const emacs of running) stopEditor(emacs);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs Emacs on a fresh copy of the Dockerfile; returns a reader of what it wrote and a failure context. */
  async function runEmacs(name, mode) {
    const dir = path.join(tmp, name);
    const out = path.join(dir, 'out');
    const home = path.join(dir, 'home');
    mkdirSync(out, { recursive: true });
    mkdirSync(home);
    const file = path.join(dir, 'Dockerfile');
    writeFileSync(file, DOCKERFILE);
    const { how, output } = await runEditor('emacs', ['--batch', '-l', path.join(tmp, 'harness.el')], {
      cwd: dir,
      env: withCliOnPath(tmp, { HOME: home, DW_OUT: out, DW_FILE: file, DW_README_CONFIG: path.join(tmp, 'readme-eglot.el'), DW_MODE: mode }),
      waitMs: EMACS_WAIT_MS,
      started: (emacs) => running.add(emacs),
    });
    const read = (what) => (existsSync(path.join(out, what)) ? readFileSync(path.join(out, what), 'utf8') : undefined);
    const context = `\nemacs: ${how}\n${output}\nerror: ${read('error')}`;
    assert.notEqual(how, 'timeout', `Emacs did not finish in ${EMACS_WAIT_MS} ms${context}`);
    assert.equal(read('error'), undefined, context);
    return { read, context };
  }

  it("receives windows-host-mismatch from eglot's workspace configuration, applies the JSON quick fix and formats", async () => {
    const { read, context } = await runEmacs('configured', 'full');
    const diagnostics = JSON.parse(read('diagnostics.json') ?? '[]');
    const mismatch = diagnostics.find((d) => d.code === 'windows-host-mismatch');
    assert.ok(mismatch, context);
    assert.equal(mismatch.line, 2);
    assert.match(mismatch.text, /17763/);
    assert.equal(diagnostics.find((d) => d.code === 'exec-form-invalid-json')?.line, 5, context);

    const fixed = read('fixed.txt');
    assert.equal(fixed?.split('\n')[4], 'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]', context);
    assert.equal(read('after-fix'), 'windows-host-mismatch', 'after the fix only the host finding is left');
    // Emacs' defaults (indent-tabs-mode t) reach the server as insertSpaces false: a tab.
    assert.deepEqual(read('formatted.txt')?.split('\n'), ['# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN powershell -Command `', '\tWrite-Host hi', 'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]', '']);
  });

  it('without the workspace configuration, the same file gets no host finding (it came through eglot)', async () => {
    const { read, context } = await runEmacs('control', 'control');
    const codes = JSON.parse(read('diagnostics.json') ?? '[]').map((d) => d.code);
    assert.ok(codes.includes('exec-form-invalid-json'), context);
    assert.ok(!codes.includes('windows-host-mismatch'), `no host build given, yet: ${codes.join(', ')}`);
  });
});

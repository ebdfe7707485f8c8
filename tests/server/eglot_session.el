;;; eglot_session.el --- Emacs's eglot against `enginelint server', in batch  -*- lexical-binding: t -*-

;; Drives eglot as a person would, with the configuration the editors guide gives already
;; loaded: an unsaved typo in leanengine.yaml, then a quick fix for an unpinned requirement.
;; Reads ENGINELINT_PROJECT; prints every diagnostic it sees to standard output and writes what
;; it saw, as JSON, to ENGINELINT_OUT.
;;
;; Batch Emacs has no command loop and no redisplay: nothing runs `post-command-hook' (where
;; `eglot-ensure' connects) or `window-configuration-change-hook' (where Flymake starts in a
;; buffer once it is shown), and idle timers never fire (eglot sends a change, and Flymake asks
;; for diagnostics, when the user stops typing).  `enginelint-test-idle' plays that loop's part:
;; one command ends, the screen is redrawn, then Emacs sits idle for a while.

(require 'json)
(require 'flymake)

(defvar enginelint-test-seen nil "What was seen, as an alist for `json-encode'.")

(defvar enginelint-test-deadline (+ (float-time) 150)
  "When waiting stops for good: a broken set-up still ends with a report, never a hang.")

(defun enginelint-test-until (seconds)
  "The time SECONDS from now, or the overall deadline if it comes first."
  (min (+ (float-time) seconds) enginelint-test-deadline))

(defun enginelint-test-note (key value)
  (push (cons key value) enginelint-test-seen))

(defun enginelint-test-idle (seconds)
  "End a command, then stay idle for SECONDS: process output, fire the idle timers now due."
  (run-hooks 'post-command-hook)
  (run-window-configuration-change-hook)
  (let ((deadline (+ (float-time) seconds)))
    (while (< (float-time) deadline)
      (accept-process-output nil 0.05)))
  (dolist (timer (copy-sequence timer-idle-list))
    (when (and (memq timer timer-idle-list)
               (<= (float-time (timer--time timer)) seconds))
      (timer-event-handler timer))))

(defun enginelint-test-code (diagnostic)
  (let ((lsp (cdr (assq 'eglot-lsp-diag (flymake-diagnostic-data diagnostic)))))
    (format "%s" (plist-get lsp :code))))

(defun enginelint-test-codes (buffer)
  (with-current-buffer buffer
    (mapconcat #'identity (sort (mapcar #'enginelint-test-code (flymake-diagnostics)) #'string<)
               ",")))

(defun enginelint-test-wait-for (buffer expected)
  "Idle until BUFFER's Flymake diagnostics have the codes EXPECTED (at most 30 seconds)."
  (let ((deadline (enginelint-test-until 30)))
    (while (and (not (equal (enginelint-test-codes buffer) expected))
                (< (float-time) deadline))
      (enginelint-test-idle 0.6)))
  (enginelint-test-print buffer)
  (enginelint-test-codes buffer))

(defun enginelint-test-print (buffer)
  "Print BUFFER's diagnostics as `file:line:column: text' lines, as Flymake lists them."
  (with-current-buffer buffer
    (princ (format "-- %s: %d diagnostic(s)\n" (buffer-name) (length (flymake-diagnostics))))
    (dolist (diagnostic (flymake-diagnostics))
      (let ((beg (flymake-diagnostic-beg diagnostic)))
        (princ (format "%s:%d:%d: %s\n" (buffer-name) (line-number-at-pos beg)
                       (save-excursion (goto-char beg) (1+ (current-column)))
                       (flymake-diagnostic-text diagnostic)))))))

(defun enginelint-test-visit (name)
  "Open NAME in the project with `find-file' (its mode hook runs `eglot-ensure'); wait until
eglot manages it (at most 30 seconds)."
  (let ((buffer (let ((this-command 'find-file))
                  (find-file (expand-file-name name (getenv "ENGINELINT_PROJECT")))))
        (deadline (enginelint-test-until 30)))
    (enginelint-test-note (intern (concat name "_mode")) (symbol-name major-mode))
    (while (and (not (with-current-buffer buffer (eglot-managed-p)))
                (< (float-time) deadline))
      (enginelint-test-idle 0.1))
    (enginelint-test-note (intern (concat name "_managed"))
                          (if (with-current-buffer buffer (eglot-managed-p)) t :json-false))
    buffer))

(defun enginelint-test-run ()
  ;; 1. leanengine.yaml: a typo'd key, typed and not saved.
  (let ((yaml (enginelint-test-visit "leanengine.yaml")))
    (enginelint-test-note 'yaml_clean (enginelint-test-wait-for yaml ""))
    (with-current-buffer yaml
      (erase-buffer)
      (insert "startupTimout: 60\n"))
    (enginelint-test-note 'yaml_typo (enginelint-test-wait-for yaml "EL402"))
    (with-current-buffer yaml
      (let ((typo (car (flymake-diagnostics))))
        (when typo
          (enginelint-test-note
           'yaml_typo_at
           (list (line-number-at-pos (flymake-diagnostic-beg typo))
                 (buffer-substring-no-properties (flymake-diagnostic-beg typo)
                                                 (flymake-diagnostic-end typo))))))
      (enginelint-test-note 'yaml_modified (buffer-modified-p)))

    ;; 2. requirements.txt: EL202, fixed with its code action, chosen from eglot's menu.
    (let ((requirements (enginelint-test-visit "requirements.txt"))
          (offered nil))
      (enginelint-test-note 'requirements_before (enginelint-test-wait-for requirements "EL202"))
      (with-current-buffer requirements
        (goto-char (point-min))
        ;; `M-x eglot-code-actions RET' from the keyboard, taking the default (the preferred
        ;; action) at its prompt.
        (let ((last-nonmenu-event ?\r)
              (completing-read-function
               (lambda (_prompt collection &rest args)
                 (setq offered (mapcar #'car collection))
                 (nth 4 args))))
          (call-interactively #'eglot-code-actions))
        (enginelint-test-note 'actions (vconcat offered))
        (enginelint-test-note
         'requirements_fixed
         (buffer-substring-no-properties (point-min) (save-excursion (goto-char (point-min))
                                                                     (line-end-position)))))
      (enginelint-test-note 'requirements_after (enginelint-test-wait-for requirements ""))

      ;; 3. The typo fixed by hand: its finding clears too.
      (with-current-buffer yaml
        (erase-buffer)
        (insert "startupTimeout: 60\n"))
      (enginelint-test-note 'yaml_after (enginelint-test-wait-for yaml "")))

    ;; 4. .python-version, a file Emacs has no mode for: the guide's mode brings it in.
    (let ((version (enginelint-test-visit ".python-version")))
      (enginelint-test-note 'version_clean (enginelint-test-wait-for version ""))
      (with-current-buffer version
        (erase-buffer)
        (insert "python3.11\n"))
      (enginelint-test-note 'version_bad (enginelint-test-wait-for version "EL301")))))

(unwind-protect
    (condition-case err
        (enginelint-test-run)
      (error (enginelint-test-note 'error (error-message-string err))))
  (with-temp-file (getenv "ENGINELINT_OUT")
    (insert (json-encode enginelint-test-seen)))
  (ignore-errors (eglot-shutdown-all))
  (kill-emacs 0))

;;; eglot_session.el ends here

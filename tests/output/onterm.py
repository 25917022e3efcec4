#!/usr/bin/env python3
"""tests/output/onterm.py tty|pipe OUT CMD...: nothing CMD prints can act on a terminal.

Runs CMD with its stdout and stderr on a pseudo-terminal (tty: TERM=xterm, NO_COLOR unset,
so tejun colours and shows source excerpts) or on pipes (pipe). Then checks every byte it
printed: after tejun's own sequences are taken out (SGR colours ESC[...m, and the progress
line's ESC[K), no ESC or other control character but line feed, tab (and, on the terminal,
the carriage return of its line ends and of the progress line) is left, no DEL, no C1
control (U+0080-U+009F), no bidirectional control or mark (U+202A-U+202E, U+2066-U+2069,
U+200E, U+200F, U+061C), and the text is valid UTF-8. On pipes no ESC at all is allowed.
Writes what was printed (own sequences taken out, CRLF as LF) to OUT and OUT.err (pipe:
stdout and stderr apart; tty: both in OUT), prints `rc=N` (CMD's exit status), and exits 1
with the offending bytes named when something raw got through."""
import os
import pty
import re
import subprocess
import sys

OWN = re.compile(rb"\x1b\[[0-9;]*m|\r?\x1b\[K")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def run_tty(cmd):
    env = dict(os.environ, TERM="xterm")
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(cmd[0], cmd, env)
        finally:
            os._exit(127)
    out = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:   # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), bytes(out), None


def check(name, data, tty):
    problems = []
    if not tty and b"\x1b" in data:
        problems.append("%s: ESC on a pipe (colour or a raw escape)" % name)
    rest = OWN.sub(b"", data) if tty else data
    if tty:
        rest = rest.replace(b"\r\n", b"\n").replace(b"\r", b"")
    try:
        text = rest.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append("%s: not valid UTF-8: %r at byte %d" % (name, rest[max(0, e.start - 20):e.end + 20], e.start))
        text = rest.decode("utf-8", "replace")
    for m in UNSAFE.finditer(text):
        problems.append("%s: raw U+%04X in %r" % (name, ord(m.group(0)), text[max(0, m.start() - 30):m.end() + 30]))
    return problems, rest


def main():
    mode, out = sys.argv[1], sys.argv[2]
    cmd = sys.argv[3:]
    if mode == "tty":
        rc, o, e = run_tty(cmd)
    else:
        env = dict(os.environ)
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        rc, o, e = p.returncode, p.stdout, p.stderr
    problems, shown = check("stdout" if e is not None else "terminal", o, mode == "tty")
    with open(out, "wb") as f:
        f.write(shown)
    if e is not None:
        p2, shown2 = check("stderr", e, False)
        problems += p2
        with open(out + ".err", "wb") as f:
            f.write(shown2)
    print("rc=%d" % rc)
    if problems:
        print("\n".join(problems[:20]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/bin/bash
# HTML validity check with the Nu Html Checker (vnu.jar from the vnu-jar npm package).
#     bash tests/a11y/vnu.sh FILE.html...
# Prints one line per error (GNU format: FILE:LINE.COL-LINE.COL: error: MESSAGE);
# warnings are not reported. Exit 0 if there is no error, 1 otherwise (also when the
# checker cannot run, or on a usage error). Needs java (default-jre-headless) and
# `npm ci` in tests/a11y (tests/a11y/setup.sh does both).
set -u
here=$(cd "$(dirname "$0")" && pwd)
jar=$here/node_modules/vnu-jar/build/dist/vnu.jar
if [ $# -eq 0 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
    echo "usage: bash tests/a11y/vnu.sh FILE.html..."; exit 1
fi
if [ ! -f "$jar" ]; then echo "vnu.sh: $jar missing; run tests/a11y/setup.sh"; exit 1; fi
if ! command -v java >/dev/null; then echo "vnu.sh: java not found; run tests/a11y/setup.sh"; exit 1; fi
status=0
for f in "$@"; do
    [ -f "$f" ] || { echo "$f: file not found"; status=1; }
done
[ $status -eq 0 ] || exit 1
# vnu exits 1 when it reports an error; any other non-zero status is a failure to run
out=$(java -Xss4m -jar "$jar" --errors-only --format gnu "$@" 2>&1); rc=$?
if [ -n "$out" ]; then printf '%s\n' "$out"; fi
if [ $rc -ne 0 ] || [ -n "$out" ]; then
    [ -n "$out" ] || echo "vnu.sh: the checker failed (exit $rc) without a message"
    exit 1
fi
exit 0

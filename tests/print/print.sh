#!/bin/bash
# Print an HTML file to PDF with headless Chromium, as a reader would (A4 from the
# page's own @page CSS; no header or footer added by the browser).
#     bash tests/print/print.sh FILE.html OUT.pdf
# Uses /usr/bin/chromium (CHROMIUM=... to override) with a fresh temporary profile;
# gives up after 120 s. Exit 0 when OUT.pdf was written, 1 otherwise (one line why).
set -u
if [ $# -ne 2 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
    echo "usage: bash tests/print/print.sh FILE.html OUT.pdf"; exit 1
fi
in=$1; out=$2
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -f "$in" ] || { echo "$in: file not found"; exit 1; }
[ -x "$chromium" ] || { echo "print.sh: $chromium not found (tests/a11y/setup.sh installs it)"; exit 1; }
outdir=$(dirname -- "$out")
[ -d "$outdir" ] || { echo "$out: directory $outdir does not exist"; exit 1; }
abs_in=$(cd "$(dirname -- "$in")" && pwd)/$(basename -- "$in")
abs_out=$(cd "$outdir" && pwd)/$(basename -- "$out")
url=$(python3 -c 'import pathlib,sys; print(pathlib.Path(sys.argv[1]).as_uri())' "$abs_in")
profile=$(mktemp -d "${TMPDIR:-/tmp}/tejun-print.XXXXXX")
trap 'rm -rf "$profile"' EXIT
rm -f -- "$abs_out"
log=$(timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-quic \
    --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$abs_out" "$url" 2>&1)
rc=$?
if [ $rc -eq 124 ]; then echo "$in: chromium timed out after 120 s"; exit 1; fi
if [ ! -s "$abs_out" ] || [ "$(head -c 5 "$abs_out")" != "%PDF-" ]; then
    echo "$in: no PDF written (chromium exit $rc): $(printf '%s' "$log" | grep -v -e '^$' | tail -1)"
    exit 1
fi
exit 0

#!/bin/bash
# Self-test of the accessibility, validity and print tools on tests/a11y/cases/.
#     bash tests/a11y/selftest.sh        (after tests/a11y/setup.sh)
# good.html must pass axe.js and vnu.sh; bad.html (an img without alt, a duplicate
# id used by aria-labelledby) must fail both, for those reasons; good.html must
# print to a PDF that pdfhas.py finds its text in. One line per failure; exit 0/1.
set -u
cd "$(dirname "$0")/../.." || exit 1
C=tests/a11y/cases
fail=0
bad() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

out=$(node tests/a11y/axe.js $C/good.html 2>&1) || bad "axe.js good.html should pass: $out"
out=$(node tests/a11y/axe.js $C/bad.html 2>&1); rc=$?
[ $rc -eq 1 ] || bad "axe.js bad.html should exit 1 (rc=$rc): $out"
echo "$out" | grep -q "^$C/bad.html: image-alt " || bad "axe.js bad.html: no image-alt violation: $out"
echo "$out" | grep -q "^$C/bad.html: duplicate-id-aria " || bad "axe.js bad.html: no duplicate-id-aria violation: $out"

out=$(bash tests/a11y/vnu.sh $C/good.html 2>&1) || bad "vnu.sh good.html should pass: $out"
out=$(bash tests/a11y/vnu.sh $C/bad.html 2>&1); rc=$?
[ $rc -eq 1 ] || bad "vnu.sh bad.html should exit 1 (rc=$rc): $out"
echo "$out" | grep -q 'error: An “img” element must have an “alt” attribute' || bad "vnu.sh bad.html: missing alt not reported: $out"
echo "$out" | grep -q 'error: Duplicate ID “title”' || bad "vnu.sh bad.html: duplicate id not reported: $out"

out=$(bash tests/print/print.sh $C/good.html "$tmp/good.pdf" 2>&1) || bad "print.sh good.html failed: $out"
if [ -s "$tmp/good.pdf" ]; then
    out=$(python3 tests/print/pdfhas.py "$tmp/good.pdf" "URLを押下します。" "※有効期限は7日間です。" "事前準備（１）" 2>&1) \
        || bad "pdfhas.py: text missing from the printed good.html: $out"
    out=$(python3 tests/print/pdfhas.py "$tmp/good.pdf" "この文はありません" 2>&1); rc=$?
    [ $rc -eq 1 ] && echo "$out" | grep -q "missing: この文はありません" || bad "pdfhas.py should report a missing string (rc=$rc): $out"
fi

[ $fail -eq 0 ] && echo "a11y/print selftest: passed"
exit $fail

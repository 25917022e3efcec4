#!/bin/bash
# Self-test of fidelity.py on synthetic outputs made from the sources themselves.
#     bash tests/fidelity/selftest.sh
# 1. HTML (each extracted sentence in its own <li>, step number in a separate
#    span, lines wrapped differently, entities) and Markdown (escapes, **, <url>,
#    hard line breaks)
#    built from the extracted sentences must pass;
# 2. with one sentence dropped, or one duplicate occurrence dropped, it must fail
#    and name that sentence.
set -u
cd "$(dirname "$0")/../.." || exit 1
PY=${PYTHON:-python3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

"$PY" - "$tmp" <<'EOF' || { echo "FAIL: could not build synthetic outputs"; exit 1; }
import html, os, re, sys
sys.path.insert(0, "tests/fidelity")
import fidelity as F
out = sys.argv[1]
for variant in ("ok", "drop", "dropdup"):
    for prefix, manual in F.MANUALS:
        sents = F.extract(F.source_file(prefix))
        if variant == "drop" and manual == "box":
            sents = [s for s in sents if "右図の画面にて" not in s[1]]
        if variant == "dropdup" and manual == "microsoft-365":
            # drop the 2nd of the four identical 'アクセス許可の確認画面' steps
            idx = [i for i, s in enumerate(sents) if "アクセス許可の確認画面" in s[1]]
            del sents[idx[1]]
        d = os.path.join(out, variant, manual)
        os.makedirs(d)
        h = ['<!DOCTYPE html><html lang="ja"><head><title>t</title><style>li{}</style>'
             '<script>var x="①URLを押下します。";</script></head><body><ol>']
        m = []
        for n, (kind, raw, line) in enumerate(sents):
            txt = " ".join(raw.split("\n"))
            if kind == "step":
                h.append('<li><span class="num">%s</span>%s</li>' % ("①②③"[n % 3], html.escape(txt).replace("、", "、\n")))
                m.append("**%s** %s\n" % ("①②③"[n % 3], re.sub(r"([_*])", r"\\\1", raw.replace("**", "")).replace("\n", "\\\n")))
            else:
                h.append('<li class="note">※&#x3000;%s</li>' % html.escape(txt))
                m.append("※ **%s**\n" % re.sub(r"(https?://[^\s]+)", r"<\1>", txt.replace("**", "")))
        h.append("</ol></body></html>")
        open(os.path.join(d, "index.html"), "w", encoding="utf-8").write("\n".join(h))
        open(os.path.join(d, manual + ".md"), "w", encoding="utf-8").write("\n".join(m))
EOF

out=$("$PY" tests/fidelity/fidelity.py "$tmp/ok"); rc=$?
[ $rc -eq 0 ] || bad "synthetic outputs should pass (rc=$rc): $(echo "$out" | grep -v ' 0 missing in html, 0 missing in md' | head -5 | tr '\n' ' ')"
[ "$(echo "$out" | grep -c ', 0 missing in html, 0 missing in md$')" -eq 4 ] || bad "expected 4 summary lines: $out"

out=$("$PY" tests/fidelity/fidelity.py "$tmp/drop"); rc=$?
[ $rc -eq 1 ] || bad "a dropped sentence should fail (rc=$rc)"
echo "$out" | grep -q '^box: .* 1 missing in html, 1 missing in md$' || bad "drop: summary line wrong: $(echo "$out" | grep '^box')"
echo "$out" | grep -q 'missing in html: 001 line 100 step: 右図の画面にて' || bad "drop: missing sentence not listed in html"
echo "$out" | grep -q 'missing in md: 001 line 100 step: 右図の画面にて' || bad "drop: missing sentence not listed in md"

out=$("$PY" tests/fidelity/fidelity.py "$tmp/dropdup"); rc=$?
[ $rc -eq 1 ] || bad "a dropped duplicate should fail (rc=$rc)"
echo "$out" | grep -q 'microsoft-365: missing in html: .*アクセス許可の確認画面.*(found 3 of 4)' || bad "dropdup: not reported: $out"

out=$("$PY" tests/fidelity/fidelity.py "$tmp/nonexistent"); [ $? -eq 1 ] || bad "a missing OUTDIR should fail"
mkdir "$tmp/empty"; out=$("$PY" tests/fidelity/fidelity.py "$tmp/empty"); rc=$?
[ $rc -eq 1 ] && echo "$out" | grep -q 'index.html not found' || bad "missing output files should fail"

n=$("$PY" tests/fidelity/fidelity.py --list | grep -c -E '^00[0-3]:[0-9]+: (STEP|NOTE) ')
[ "$n" -gt 100 ] || bad "--list printed only $n sentences"
garbage=$("$PY" tests/fidelity/fidelity.py --list | "$PY" -c '
import re, sys
for line in sys.stdin:
    m = re.match(r"^00[0-3]:[0-9]+: STEP (.*)$", line.rstrip("\n"))
    if m and re.match(r"^(-[0-9]+|<?https?://\S*>?|[\u2460-\u2473 ]*)$", m.group(1)):
        print(line.strip())
')
[ -z "$garbage" ] || bad "--list contains screenshot markers as steps: $garbage"

[ $fail -eq 0 ] && echo "fidelity selftest: passed ($n sentences extracted)"
exit $fail

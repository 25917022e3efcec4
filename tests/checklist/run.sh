#!/usr/bin/env bash
# tests/checklist/run.sh: the tests of `tejun checklist` (printable checklists, PDF and HTML).
# Prints one line per check, "ok NAME" or "FAIL NAME" (with what went wrong), and exits 1 when
# any check failed. TEJUN=... runs another binary (the ASan build, valgrind); --update-golden
# rewrites the expected diagnostics tests/checklist/bad/*.err (review the diff).
# Needs poppler-utils (pdftotext, pdfinfo, pdffonts), xmllint, python3; chromium for the
# print test (skipped, with a line saying so, when it is missing).
set -u
cd "$(dirname "$0")/../.."
TEJUN=${TEJUN:-./tejun}
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
UPDATE=0
[ "${1:-}" = --update-golden ] && UPDATE=1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok $1"; }
ko() { echo "FAIL $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -30 | sed 's/^/    /'; fails=$((fails + 1)); }
check() { # NAME COMMAND...: ok when the command succeeds; its output explains a failure
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then ok "$name"; else ko "$name" "$out"; fi
}
tj() { $TEJUN "$@" >"$T/o" 2>"$T/e"; rc=$?; }
PC="$PY tests/checklist/pdfcheck.py"
MANUALS=(manuals/box.yaml manuals/dropbox.yaml manuals/google-workspace.yaml manuals/microsoft-365.yaml)
SERVICES=(gmail google-drive box exchange-online sharepoint-online onedrive teams dropbox)
CUSTOMERS=(sample-shoji minami-design euro-bridge)

# ---- the command line
tj checklist --help
[ $rc = 0 ] && grep -q '^usage: tejun checklist' "$T/o" && grep -q 'exit status' "$T/o" && ok "checklist --help" || ko "checklist --help" "$(cat "$T/o" "$T/e")"
tj checklist
[ $rc = 2 ] && grep -q 'needs at least one MANUAL.yaml' "$T/e" && ok "checklist without manuals exits 2" || ko "checklist without manuals" "$rc $(cat "$T/e")"
tj checklist -o "$T/x" --service frobnicate "${MANUALS[@]}"
[ $rc = 2 ] && grep -q "'frobnicate' is not a service of the manuals given" "$T/e" && [ ! -e "$T/x" ] && ok "unknown --service exits 2, writes nothing" || ko "unknown --service" "$rc $(cat "$T/e")"
tj checklist --bogus "${MANUALS[@]}"
[ $rc = 2 ] && ok "unknown option exits 2" || ko "unknown option" "$rc"
tj checklist --emit=xml "${MANUALS[@]}"
[ $rc = 2 ] && grep -q 'prints one checklist' "$T/e" && ok "--emit=xml of eight checklists exits 2" || ko "--emit=xml of many" "$rc $(cat "$T/e")"

# ---- every service and the example customers
tj checklist -o "$T/out" "${MANUALS[@]}"
if [ $rc = 0 ] && [ ! -s "$T/e" ]; then ok "the eight service checklists build cleanly"; else ko "service checklists build" "$rc $(cat "$T/e")"; fi
cargs=()
for c in "${CUSTOMERS[@]}"; do cargs+=(--customer "manuals/customers/$c.yaml"); done
tj checklist -o "$T/out" "${cargs[@]}" "${MANUALS[@]}"
if [ $rc = 0 ] && [ ! -s "$T/e" ]; then ok "the example customers' checklists build cleanly"; else ko "customer checklists build" "$rc $(cat "$T/e")"; fi
for s in "${SERVICES[@]}"; do $TEJUN checklist --emit=xml --service "$s" "${MANUALS[@]}" >"$T/$s.xml" 2>/dev/null; done
for c in "${CUSTOMERS[@]}"; do $TEJUN checklist --emit=xml --customer "manuals/customers/$c.yaml" "${MANUALS[@]}" >"$T/c-$c.xml" 2>/dev/null; done

pages_line=""
for s in "${SERVICES[@]}"; do
  pdf="$T/out/checklists/$s.pdf"
  if [ ! -s "$pdf" ] || [ ! -s "$T/out/checklists/$s.html" ]; then ko "$s: PDF and HTML written"; continue; fi
  check "$s: XML valid against templates/checklist.rng" xmllint --noout --relaxng templates/checklist.rng "$T/$s.xml"
  check "$s: pdftotext finds every step, wait and check row, in order" $PC order "$T/$s.xml" "$pdf"
  others=()
  for o in "${SERVICES[@]}"; do [ "$o" = "$s" ] || others+=("$T/$o.xml"); done
  check "$s: nothing of another service" $PC foreign "$T/$s.xml" "$pdf" "${others[@]}"
  check "$s: fonts embedded, a Japanese one among them" $PC fonts "$pdf"
  if n=$($PC pages "$pdf"); then ok "$s: page count right ($n pages, footer x / $n on each)"; pages_line="$pages_line $s=$n"; else ko "$s: page count" "$n"; fi
  check "$s: no line starts with 。、）」" $PC kinsoku "$pdf"
  grep -q 'Content-Security-Policy" content="default-src .none.' "$T/out/checklists/$s.html" && ! grep -qi '<script' "$T/out/checklists/$s.html" \
    && grep -q 'size: A4 portrait' "$T/out/checklists/$s.html" && ok "$s: HTML has @page A4, a CSP, no script" || ko "$s: HTML print setup"
done
echo "# pages:$pages_line"

# the content rules, on the real data
check "gmail: the wait rows (first sync, 保留)" $PC present "$T/out/checklists/gmail.pdf" "初回同期の完了を待つ（Gmail" "ステータスが「成功しました」になるまで待つ" "開始時刻" "完了時刻"
check "teams: the wait row 「完了」は押下しない" $PC present "$T/out/checklists/teams.pdf" "まだ「完了」は押下しない"
check "teams: a short with a reference, rendered" $PC present "$T/out/checklists/teams.pdf" "ご利用サイトのURL（P21の表）"
check "every service: sign-off, fields, page references, no password field" bash -c '
  for f in "$0"/*.pdf; do pdftotext "$f" - | tr -d " \n" >"$f.txt"
    for w in 作業者 確認者 日付 アカウント名 管理者メールアドレス "→マニュアルP"; do grep -q "$w" "$f.txt" || { echo "$f: no $w"; exit 1; }; done
    ! grep -q "パスワード欄\|パスワード：" "$f.txt" || { echo "$f: a password field"; exit 1; }
  done' "$T/out/checklists"
check "google-drive: the Business Starter note keeps its condition label" $PC present "$T/out/checklists/google-drive.pdf" "【Google Workspace Business Starter をご利用の場合】"

for c in "${CUSTOMERS[@]}"; do
  pdf="$T/out/checklists/customers/$c.pdf"
  if [ ! -s "$pdf" ]; then ko "customer $c: PDF written"; continue; fi
  check "customer $c: XML valid against templates/checklist.rng" xmllint --noout --relaxng templates/checklist.rng "$T/c-$c.xml"
  check "customer $c: every row in order" $PC order "$T/c-$c.xml" "$pdf"
  if n=$($PC pages "$pdf"); then ok "customer $c: page count right ($n pages)"; cpages="${cpages:-} $c=$n"; else ko "customer $c: page count" "$n"; fi
  check "customer $c: no line starts with 。、）」" $PC kinsoku "$pdf"
done
echo "# customer pages:${cpages:-}"
# the layouts pango shapes are kept and reused across a run (gen/pdf.c): a customer's PDF after
# two others have filled that cache is byte-identical to the same customer's PDF made alone
$TEJUN checklist -o "$T/alone" --customer manuals/customers/euro-bridge.yaml "${MANUALS[@]}" >/dev/null 2>&1
$TEJUN checklist -o "$T/after" --customer manuals/customers/sample-shoji.yaml --customer manuals/customers/minami-design.yaml \
  --customer manuals/customers/euro-bridge.yaml "${MANUALS[@]}" >/dev/null 2>&1
check "a customer's PDF is byte-identical alone and after two others in one run (layout cache)" \
  cmp "$T/alone/checklists/customers/euro-bridge.pdf" "$T/after/checklists/customers/euro-bridge.pdf"

# sample-shoji: Microsoft 365 (four services) + Box, MIP, region jp
# a second profile of one customer (gen/customer.c customer_load_list): reported, naming the file
# both would write; the first is written, the run exits 1
c=${CUSTOMERS[0]}
$TEJUN checklist -o "$T/twice" --customer "manuals/customers/$c.yaml" --customer "manuals/customers/$c.yaml" \
  "${MANUALS[@]}" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -q "^manuals/customers/$c.yaml: error: a second profile of customer '$c'; each writes checklists/customers/$c.pdf \[duplicate\]$" "$T/e" \
  && [ -s "$T/twice/checklists/customers/$c.pdf" ] && ok "a customer given twice: reported, written once" || ko "a customer given twice" "$rc $(cat "$T/e")"
ss="$T/out/checklists/customers/sample-shoji.pdf"
check "sample-shoji: the customer's details filled in" $PC present "$ss" "株式会社サンプル商事" "sample-shoji-cas01" "m365-admin@sample-shoji.example"
check "sample-shoji: the MIP page (mip: true)" $PC present "$ss" "Microsoft Information Protection(MIP)を利用されている方へのご対応"
check "sample-shoji: nothing of Gmail, Google Drive, Dropbox" $PC foreign "$T/c-sample-shoji.xml" "$ss" "$T/gmail.xml" "$T/google-drive.xml" "$T/dropbox.xml"
check "sample-shoji: the redirect URL of region jp, and no other" bash -c '
  '"$PC"' present "$0" https://admin.tmcas.trendmicro.co.jp/provision.html &&
  '"$PC"' absent "$0" admin-eu.tmcas admin.tmcas.trendmicro.co.uk admin.tmcas.trendmicro.com/provision admin-ca.tmcas admin.tmcas.trendmicro.com.sg admin-in.tmcas' "$ss"
check "sample-shoji: shared preparation once, Box before Exchange before SharePoint before OneDrive before Teams" "$PY" - "$T/c-sample-shoji.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
ids = [s.get("id") for s in r.iter("step")]
assert ids.count("prep-open-url") == 1, "prep twice"
order = [s.get("service") for s in r.iter("section") if s.get("service")]
seen = []
for o in order:
    if not seen or seen[-1] != o: seen.append(o)
assert seen == ["box", "exchange-online", "sharepoint-online", "onedrive", "teams"], seen
waits = ["".join(w.find("text").itertext()) for w in r.iter("wait")]
for svc in ["Exchange Online", "SharePoint Online", "OneDrive", "Microsoft Teams"]:
    assert any(svc in w for w in waits), "no sync wait for " + svc
done = [s for s in r.iter("section") if s.find("wait") is not None and "完了画面" in s.get("title")]
assert len(done) == 5, "a 成功しました wait after each of the 5 services, got %d" % len(done)
EOF
# minami-design: Google Workspace Business Starter
md="$T/out/checklists/customers/minami-design.pdf"
check "minami-design: the Business Starter note (plan business-starter)" $PC present "$md" "Google Workspace Business Starterをご利用のお客様は"
check "minami-design: no MIP, no Microsoft 365, no Box" $PC foreign "$T/c-minami-design.xml" "$md" "$T/exchange-online.xml" "$T/teams.xml" "$T/box.xml"
# euro-bridge: Dropbox + Gmail in region eu; Gmail first (catalog order)
eb="$T/out/checklists/customers/euro-bridge.pdf"
check "euro-bridge: Gmail then Dropbox, nothing of Google Drive" bash -c '
  '"$PC"' foreign "$1" "$0" "$2" && grep -o "service=\"[a-z-]*\"" "$1" | uniq | tr "\n" " " | grep -qx "service=\"gmail\" service=\"dropbox\" " || { echo "order: $(grep -o "service=\"[a-z-]*\"" "$1" | uniq | tr "\n" " ")"; exit 1; }' \
  "$eb" "$T/c-euro-bridge.xml" "$T/google-drive.xml"

# conditions, on profiles made for the test
mkdir -p "$T/cu"
printf 'company: テスト株式会社\nservices: [exchange-online, teams]\nregion: eu\nmip: false\n' >"$T/cu/eu-nomip.yaml"
printf 'company: テスト株式会社\nservices: [google-drive]\nregion: sg\n' >"$T/cu/drive-noplan.yaml"
printf 'company: "<b>株式会社</b>&amp;\\"ｘ\\" & Co."\naccount: "a<i>&b"\nservices: [box]\nregion: jp\n' >"$T/cu/hostile.yaml"
tj checklist -o "$T/out" --customer "$T/cu/eu-nomip.yaml" --customer "$T/cu/drive-noplan.yaml" --customer "$T/cu/hostile.yaml" "${MANUALS[@]}"
[ $rc = 0 ] && ok "test profiles build" || ko "test profiles build" "$(cat "$T/e")"
en="$T/out/checklists/customers/eu-nomip.pdf"
check "a customer without MIP gets no MIP step" $PC absent "$en" "Microsoft Information Protection" "MIPアカウント" "RMS"
check "region eu: its redirect URL, no other region's" bash -c '
  '"$PC"' present "$0" https://admin-eu.tmcas.trendmicro.com/provision.html &&
  '"$PC"' absent "$0" admin.tmcas.trendmicro.co.jp admin.tmcas.trendmicro.co.uk admin.tmcas.trendmicro.com/provision admin-ca.tmcas admin.tmcas.trendmicro.com.sg admin-in.tmcas' "$en"
check "no plan: no Business Starter note" $PC absent "$T/out/checklists/customers/drive-noplan.pdf" "Business Starter"
hp="$T/out/checklists/customers/hostile.pdf"
hh="$T/out/checklists/customers/hostile.html"
check "a company named <b>株式会社</b>&… prints as typed in the PDF" $PC present "$hp" '<b>株式会社</b>&amp;"ｘ" & Co.' 'a<i>&b'
grep -qF '&lt;b&gt;株式会社&lt;/b&gt;&amp;amp;"ｘ" &amp; Co.' "$hh" && ! grep -qF '<b>株式会社' "$hh" && ! grep -qF '<i>&' "$hh" \
  && ok "… and is escaped in the HTML" || ko "hostile company name in HTML" "$(grep -o '.\{20\}株式会社.\{40\}' "$hh" | head -3)"

# ---- bad profiles: exact diagnostics, exit 1, nothing written
mkdir -p "$T/keep/checklists" && echo earlier >"$T/keep/checklists/box.pdf"
sum_keep=$(cd "$T/keep" && find . -type f | sort | xargs sha256sum)
nb=0
for y in tests/checklist/bad/*.yaml; do
  n=$(basename "$y" .yaml)
  nb=$((nb + 1))
  tj checklist -o "$T/keep" --customer "$y" "${MANUALS[@]}"
  if [ "$UPDATE" = 1 ]; then cp "$T/e" "tests/checklist/bad/$n.err"; ok "bad $n.err (updated)"; continue; fi
  if [ "$rc" != 1 ]; then ko "bad $n exits 1" "got $rc: $(cat "$T/e")"; continue; fi
  if d=$(diff -u "tests/checklist/bad/$n.err" "$T/e"); then ok "bad $n: exact diagnostic"; else ko "bad $n: diagnostic" "$d"; fi
done
[ "$(cd "$T/keep" && find . -type f | sort | xargs sha256sum)" = "$sum_keep" ] && ok "bad profiles wrote nothing ($nb cases)" || ko "bad profiles wrote something"

# ---- a `short` and a `wait` with unknown references, quoted over two lines and after '' and
# an escape: each reported where its {{ stands (line and column in characters)
mkdir -p "$T/pos/shared" && cp manuals/shared/*.yaml "$T/pos/shared/"
want=$("$PY" - manuals/box.yaml "$T/pos/box.yaml" <<'EOF2'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out, want = [], []
short = wait = False
for l in lines:
    m = re.match(r"( *)short: ", l)
    if m and not short:
        short = True
        ind = len(m.group(1))
        out.append(" " * ind + "short: 'サービス''アカウント''画面で{{step:nowhere}}を押下します。'")
        # the quote, then 16 characters (サービス'アカウント'画面で with '' written twice each)
        want.append("%d:%d: error: reference to unknown step 'nowhere'; give the id of a page or step of this manual [ref-unknown]" % (len(out), ind + len("short: ") + 1 + 16 + 1))
        continue
    m = re.match(r"( *)wait: ", l)
    if m and not wait:
        wait = True
        ind = len(m.group(1))
        out.append(" " * ind + 'wait: "初回同期の完了を待つ\\u3000（')
        out.append(" " * (ind + 2) + '{{page:nowhere}}を参照）"')
        want.append("%d:%d: error: reference to unknown page 'nowhere'; give the id of a page or step of this manual [ref-unknown]" % (len(out), ind + 2 + 1))
        continue
    out.append(l)
assert short and wait
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
print("\n".join(want))
EOF2
)
tj checklist -o "$T/pos/out" --service box "$T/pos/box.yaml"
got=$(grep -o '[0-9]*:[0-9]*: error: reference to unknown .*nowhere.*' "$T/e")
tj check "$T/pos/box.yaml"
gotc=$(grep -o '[0-9]*:[0-9]*: error: reference to unknown .*nowhere.*' "$T/e")
[ $rc = 1 ] && [ "$got" = "$want" ] && [ "$gotc" = "$want" ] && ok "check and checklist: unknown references in a quoted \`short\` and \`wait\` reported where they stand, by the same rule" || ko "short/wait positions" "want: $want
got: $(cat "$T/e")"

# ---- one path for every command (gen/prepare.c): a manual tejun check refuses prints no checklist
tj check tests/check/step-number.yaml; crc=$rc; cerr=$(grep ' error: ' "$T/e")
tj checklist -o "$T/refused" --service alpha tests/check/step-number.yaml
[ $crc = 1 ] && [ $rc = 1 ] && [ "$(grep ' error: ' "$T/e")" = "$cerr" ] && [ -z "$(find "$T/refused" -name '*.pdf' -o -name '*.html' 2>/dev/null)" ] \
  && ok "checklist: a wrong step number (tejun check refuses it) is the same error in checklist: exit 1, no checklist written" || ko "checklist of a refused manual" "$crc/$rc $(cat "$T/e")"
# the style rules read the checklist's lines: 「をを」 in a short line, 「がが」 in a wait label
mkdir -p "$T/sty/shared" && cp manuals/shared/*.yaml "$T/sty/shared/"
"$PY" - manuals/box.yaml "$T/sty/box.yaml" <<'EOF2'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"(\n *short: )(\S)", r"\1設定をを確認し\2", s, count=1)
s = re.sub(r"(\n *wait: )(\S)", r"\1同期がが終わるまで\2", s, count=1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF2
tj check "$T/sty/box.yaml"
[ $rc = 1 ] && grep -q "box.yaml:[0-9]*:[0-9]*: warning: the particle 「を」 is written twice" "$T/e" && grep -q "box.yaml:[0-9]*:[0-9]*: warning: the particle 「が」 is written twice" "$T/e" \
  && ok "check: the style rules read \`short\` and \`wait\` lines (a doubled particle in each)" || ko "style rules on short/wait" "$rc $(cat "$T/e")"

# ---- never half-written
cp -r "$T/out" "$T/out2"
tsum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
before=$(tsum "$T/out2")
mkdir -p "$T/m/shared" && cp manuals/shared/*.yaml "$T/m/shared/" && cp "${MANUALS[@]}" "$T/m/" && sed -i 's/^title: .*/title: [壊れた/' "$T/m/box.yaml"
tj checklist -o "$T/out2" "$T/m/"*.yaml
[ $rc = 1 ] && [ "$(tsum "$T/out2")" = "$before" ] && ok "a broken manual: exit 1, every earlier checklist byte-identical" || ko "broken manual" "$rc $(cat "$T/e")"
# a new revision of each manual (a checklist of the same bytes is not written again)
mkdir -p "$T/m2/shared" && cp manuals/shared/*.yaml "$T/m2/shared/" && for m in "${MANUALS[@]}"; do sed 's/^title: \(.*\)/title: \1（改）/' "$m" >"$T/m2/$(basename "$m")"; done
(ulimit -f 50; $TEJUN checklist -o "$T/out2" "$T/m2/"*.yaml >/dev/null 2>"$T/e"); rc=$?
[ $rc = 2 ] && [ -z "$(find "$T/out2" -name '.*tmp-*')" ] && cmp -s "$T/out/checklists/teams.pdf" "$T/out2/checklists/teams.pdf" \
  && ok "disk full (ulimit -f) mid-run: exit 2, no temporary file, checklists intact" || ko "disk full" "$rc $(head -3 "$T/e")"
tj checklist -o "$T/out3" --service teams "${MANUALS[@]}"
cmp -s "$T/out/checklists/teams.pdf" "$T/out3/checklists/teams.pdf" && cmp -s "$T/out/checklists/teams.html" "$T/out3/checklists/teams.html" \
  && ok "reproducible: the same PDF and HTML bytes twice" || ko "reproducible output"

# ---- Chromium prints the HTML with the same rows
if command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  for s in gmail teams box; do
    if r=$(bash tests/print/print.sh "$T/out/checklists/$s.html" "$T/$s-chromium.pdf" 2>&1); then
      mapfile -t rows < <($PC rows "$T/$s.xml")
      check "$s: Chromium's --print-to-pdf of the HTML holds every row" "$PY" tests/print/pdfhas.py "$T/$s-chromium.pdf" "${rows[@]}"
      check "$s: … in the same order" $PC order "$T/$s.xml" "$T/$s-chromium.pdf"
      a=$(pdfinfo "$T/$s-chromium.pdf" | awk '/^Pages:/ {print $2}'); b=$(pdfinfo "$T/out/checklists/$s.pdf" | awk '/^Pages:/ {print $2}')
      [ "$a" = "$b" ] && ok "$s: … on as many A4 pages as tejun's PDF ($a)" || ko "$s: Chromium prints $a pages, tejun's PDF has $b"
      pdfinfo "$T/$s-chromium.pdf" | grep -q 'Page size: *59[45].* x 841.* (A4)' && ok "$s: … on A4 portrait" || ko "$s: Chromium page size" "$(pdfinfo "$T/$s-chromium.pdf" | grep 'Page size')"
    else ko "$s: Chromium prints the HTML" "$r"; fi
  done
  if bash tests/print/print.sh "$T/out/checklists/customers/sample-shoji.html" "$T/ss-chromium.pdf" >/dev/null 2>&1; then
    check "sample-shoji: Chromium's print holds every row in order" $PC order "$T/c-sample-shoji.xml" "$T/ss-chromium.pdf"
  else ko "sample-shoji: Chromium prints the HTML"; fi
else
  echo "skip chromium print (no chromium)"
fi

# ---- the HTML is valid and accessible
html=("$T"/out/checklists/*.html "$T"/out/checklists/customers/sample-shoji.html)
if [ "${CHECKLIST_QUICK:-0}" != 1 ] && [ -d tests/a11y/node_modules/vnu-jar ] && command -v java >/dev/null; then
  check "Nu Html Checker: 0 errors in ${#html[@]} checklist pages" bash tests/a11y/vnu.sh "${html[@]}"
else echo "skip Nu Html Checker (quick run, or run tests/a11y/setup.sh)"; fi
if [ "${CHECKLIST_QUICK:-0}" != 1 ] && [ -d tests/a11y/node_modules/axe-core ] && command -v chromium >/dev/null; then
  check "axe-core WCAG 2.1 AA: 0 violations in ${#html[@]} checklist pages" node tests/a11y/axe.js "${html[@]}"
else echo "skip axe-core (quick run, or run tests/a11y/setup.sh)"; fi

echo "# $fails failed"
[ "$fails" = 0 ]

#!/usr/bin/env bash
# tests/hostile/run.sh: hostile inputs. Every case must end with exit 1 (2 for usage and I/O),
# a file:line:col diagnostic where there is a position, no crash, nothing written and earlier
# outputs byte-identical. Prints "ok NAME" / "FAIL NAME" lines; exits 1 on any failure.
# TEJUN=... runs another binary (ASan build, valgrind). HOSTILE_LIGHT=1 skips the big inputs.
set -u
cd "$(dirname "$0")/../.."
TEJUN=${TEJUN:-./tejun}
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}   # as tests/run
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0 n=0
ok() { n=$((n + 1)); echo "ok   hostile $1"; }
ko() { n=$((n + 1)); fail=1; echo "FAIL hostile $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }
sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) 2>/dev/null; }
# the folder the cases live in: a catalog, shared pages, earlier outputs to keep intact
M=$T/m; mkdir -p "$M/shared" "$M/out/keep"
cp manuals/shared/*.yaml "$M/shared/"
echo "earlier output" >"$M/out/keep/index.html"
before=$(sums "$M/out")
H='id: h
title: テスト
services: [box]
trademarks: [x]
changelog: [{version: 第1.0版, date: 2024-01-10, text: 初版}]'
# case NAME WANT-EXIT PATTERN FILE [args...]: run build on FILE; stderr must match PATTERN
case_() {
  local name=$1 want=$2 pat=$3 file=$4; shift 4
  local start=$(date +%s%N)
  $TEJUN build -o "$M/out" "$@" "$file" >"$T/o" 2>"$T/e"; local rc=$?
  local ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ $rc -ge 128 ] || grep -q 'AddressSanitizer\|runtime error\|Invalid read\|Invalid write' "$T/e"; then ko "$name: crashed (exit $rc)" "$(head -20 "$T/e")"; return; fi
  if [ "$rc" != "$want" ]; then ko "$name: exit $rc, want $want" "$(cat "$T/e")"; return; fi
  if ! grep -qE -- "$pat" "$T/e"; then ko "$name: diagnostic" "want /$pat/, got: $(cat "$T/e")"; return; fi
  if [ "$(sums "$M/out")" != "$before" ] || [ -n "$(find "$M" -name '.*tmp-*')" ]; then ko "$name: outputs changed"; return; fi
  ok "$name (${ms} ms)"
}
mk() { printf '%s\n%s\n' "$H" "$2" >"$M/$1.yaml"; }

# ---- limits
mk deep "pages:$(for i in $(seq 70); do printf ' ['; done)$(for i in $(seq 70); do printf ']'; done)"
case_ depth-70 1 'h?deep.yaml:[0-9]+:[0-9]+: error: nesting deeper than 64 levels' "$M/deep.yaml"
printf '%s\n' 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]' 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]' 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]' 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]' 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]' >"$M/laughs.yaml"
case_ billion-laughs 1 'laughs.yaml:1:4: error: YAML anchors \(&a\) are not supported' "$M/laughs.yaml"
mk alias "pages: [*nothing]"
case_ alias 1 'alias.yaml:6:9: error: YAML aliases' "$M/alias.yaml"
mk dupkey "pages: []
title: 二度目"
case_ duplicate-key 1 "dupkey.yaml:7:1: error: duplicate key 'title' \(first at line 2\)" "$M/dupkey.yaml"
if [ -z "${HOSTILE_LIGHT:-}" ]; then
  head -c $((17 << 20)) /dev/zero | tr '\0' 'a' >"$M/huge.yaml"
  case_ file-over-16MiB 1 'huge.yaml: error: file of 17825792 bytes is larger than the limit of 16 MiB' "$M/huge.yaml"
  { printf '%s\npages:\n' "$H"; for i in $(seq 1000010); do echo '  - x'; done; } >"$M/nodes.yaml" 2>/dev/null
  case_ over-a-million-nodes 1 'nodes.yaml:[0-9]+:[0-9]+: error: more than 1000000 YAML nodes' "$M/nodes.yaml"
  { printf '%s\npages:\n  - id: p\n    procedure: "' "$H"; head -c $((1100 << 10)) /dev/zero | tr '\0' 'a'; printf '"\n    body: []\n'; } >"$M/longscalar.yaml"
  case_ scalar-over-1MiB 1 'longscalar.yaml:8:16: error: a text of [0-9]+ bytes is longer than the limit' "$M/longscalar.yaml"
fi
for i in $(seq 0 9); do printf 'pages:\n  - include: shared/chain%d.yaml\n' $((i + 1)) >"$M/shared/chain$i.yaml"; done
printf 'pages: []\n' >"$M/shared/chain10.yaml"
mk chain "pages:
  - include: shared/chain0.yaml"
case_ include-depth 1 'chain[0-9]+.yaml:2:14: error: includes nested deeper than 8 levels' "$M/chain.yaml"
printf 'pages:\n  - include: shared/cyc-b.yaml\n' >"$M/shared/cyc-a.yaml"; printf 'pages:\n  - include: shared/cyc-a.yaml\n' >"$M/shared/cyc-b.yaml"
mk cycle "pages:
  - include: shared/cyc-a.yaml"
case_ include-cycle 1 'include cycle: .*shared/cyc-a.yaml → .*shared/cyc-b.yaml → .*shared/cyc-a.yaml' "$M/cycle.yaml"
case_ a-directory 2 'error: not a regular file' "$M/shared" --catalog "$M/shared/catalog.yaml"
mkfifo "$M/fifo.yaml"
case_ a-fifo 2 'fifo.yaml: error: not a regular file' "$M/fifo.yaml"
case_ dev-zero 2 '/dev/zero: error: not a regular file' /dev/zero --catalog "$M/shared/catalog.yaml"
: >"$M/empty.yaml"
case_ empty 1 'empty.yaml:1:1: error: the file is empty' "$M/empty.yaml"
printf '\xef\xbb\xbf%s\n\x80\n' "$H" >"$M/badutf8.yaml"
case_ invalid-utf8 1 'badutf8.yaml:6:1: error: byte 0x80 is not valid UTF-8' "$M/badutf8.yaml"
# the reader's fast path for kana, kanji and full-width forms stops where a sequence breaks off
# or a non-character begins, and counts columns in characters up to there
printf '%s\npages:\n  - id: 手順ページ\xe6\x89\n' "$H" >"$M/cut3.yaml"
case_ utf8-kanji-cut 1 'cut3.yaml:7:14: error: byte 0xe6 is not valid UTF-8' "$M/cut3.yaml"
printf '%s\npages:\n  - id: 手順\xe6\x89x\n' "$H" >"$M/cutmid.yaml"
case_ utf8-kanji-broken 1 'cutmid.yaml:7:11: error: byte 0xe6 is not valid UTF-8' "$M/cutmid.yaml"
printf '%s\npages:\n  - id: 手順（１）\xef\xbf\xbe\n' "$H" >"$M/nonchar.yaml"
case_ utf8-noncharacter 1 'nonchar.yaml:7:14: error: U\+FFFE is not a character' "$M/nonchar.yaml"
printf '%s\npages:\n  - id: p\n    procedure: "a\0b"\n' "$H" >"$M/nul.yaml"
case_ nul-byte 1 'nul.yaml:8:18: error: NUL character U\+0000 cannot stand in a text' "$M/nul.yaml"
mk multidoc "pages: []
---
id: second"
case_ two-documents 1 'multidoc.yaml:7:1: error: a second YAML document' "$M/multidoc.yaml"
mk tabs "pages:
	- id: p"
case_ tab-indent 1 'tabs.yaml:7:1: error: a tab in the indentation; YAML indents with spaces only: replace the tab with spaces' "$M/tabs.yaml"

# ---- scale: no quadratic path left unbounded (a 16 MiB manual holds some 200,000 pages)
if [ -z "${HOSTILE_LIGHT:-}" ]; then
  python3 tests/hostile/bigmanual.py 20000 a >"$M/big-a.yaml"; python3 tests/hostile/bigmanual.py 20000 b >"$M/big-b.yaml"
  python3 tests/hostile/bigmanual.py 2500 a >"$M/mid-a.yaml"; python3 tests/hostile/bigmanual.py 2500 swap >"$M/mid-s.yaml"
  timeout 300 $TEJUN check "$M/big-a.yaml" >/dev/null 2>"$T/e"; rc=$?
  [ $rc = 1 ] && grep -q 'big-a.yaml:[0-9]*:[0-9]*: note: stopped after comparing [0-9]* pairs of the manual.s 20001 sentences ([0-9]* characters); .* \[ja-near-duplicate\]' "$T/e" \
    && ok "20,000 look-alike pages: checked, the near-duplicate rule stops at its budget and says so" || ko "20,000 pages check" "$rc $(tail -3 "$T/e")"
  timeout 300 $TEJUN diff "$M/big-a.yaml" "$M/big-b.yaml" >"$T/o" 2>"$T/e"; rc=$?
  [ $rc = 0 ] && head -1 "$T/o" | grep -q '20000 changes$' && grep -q '^P3 手順19999 \[changed\] (was P20002)$' "$T/o" \
    && [ "$(grep -c 'moved-changed' "$T/o")" = 19999 ] && ok "diff of two 20,000-page manuals in reverse order: 20000 changes, 19999 moved" || ko "20,000 pages diff" "$rc $(head -3 "$T/o") $(tail -3 "$T/e")"
  $TEJUN diff "$M/mid-a.yaml" "$M/mid-s.yaml" >"$T/o" 2>"$T/e"; rc=$?
  [ $rc = 0 ] && head -1 "$T/o" | grep -q ' 2 changes$' && grep -q '^P4 手順0 \[moved\] (was P3)$' "$T/o" && grep -q '手順2 \[changed\]' "$T/o" \
    && ok "diff of 2,500 pages (past the exact LCS table): a swap is one move, a changed page one change" || ko "2,500 pages diff" "$rc $(head -5 "$T/o") $(cat "$T/e")"
fi

# ---- paths
printf 'id: ../x\ntitle: t\nservices: [box]\ntrademarks: [x]\nchangelog: [{version: 第1.0版, date: 2024-01-10, text: x}]\npages: []\n' >"$M/dotdot.yaml"
case_ id-dotdot 1 "dotdot.yaml:1:5: error: '../x' is not a valid id" "$M/dotdot.yaml"
mk incabs "pages:
  - include: /etc/passwd"
case_ include-absolute 1 "incabs.yaml:7:14: error: include '/etc/passwd' must be a relative path" "$M/incabs.yaml"
mk incup "pages:
  - include: shared/../../../etc/passwd"
case_ include-dotdot 1 "incup.yaml:7:14: error: include 'shared/../../../etc/passwd' must be a relative path" "$M/incup.yaml"
ln -s /etc "$M/shared/etc-link"
mk incsym "pages:
  - include: shared/etc-link/passwd"
case_ include-symlink-outside 1 "incsym.yaml:7:14: error: included file 'shared/etc-link/passwd' is a link that leads outside" "$M/incsym.yaml"
mk incmissing "pages:
  - include: shared/none.yaml"
case_ include-missing 1 "incmissing.yaml:7:14: error: included file 'shared/none.yaml' does not exist" "$M/incmissing.yaml"
mk imgup "pages:
  - id: p
    procedure: 手順
    body:
      - screenshot: {caption: x, image: ../../etc/passwd}"
case_ image-outside 1 "imgup.yaml:10:41: error: image '../../etc/passwd' must be a relative path inside manuals/" "$M/imgup.yaml"
mk imgscheme "pages:
  - id: p
    procedure: 手順
    body:
      - screenshot: {caption: x, image: 'javascript:alert(1)'}"
case_ image-scheme 1 "imgscheme.yaml:10:41: error: image 'javascript:alert\(1\)' must be a relative path" "$M/imgscheme.yaml"
mk svc "services: [../../x]
pages: []"
case_ unknown-service-path 1 "error: (duplicate key 'services'|unknown service)" "$M/svc.yaml"

# ---- injection
mk jslink "pages:
  - id: p
    procedure: 手順
    body:
      - text: '[押す](javascript:alert(1)) と [ファイル](file:///etc/passwd)'"
case_ javascript-link 1 "jslink.yaml:10:21: error: link 'javascript:alert\(1\)' is not http\(s\)" "$M/jslink.yaml"
printf '%s\npages:\n  - id: p\n    procedure: "\\e[2J\\e]0;pwned\\a手順"\n    titel: x\n    body: []\n' "$H" >"$M/esc.yaml"
case_ terminal-escape 1 "esc.yaml:8:17: error: control character U\+001B \(ESC\) is not text" "$M/esc.yaml"
if grep -q $'\033' "$T/e"; then ko "terminal-escape: an escape sequence reached stderr"; else ok "terminal-escape: control characters never reach the terminal"; fi
mk unknownref "pages:
  - id: p
    procedure: 手順
    body:
      - text: '{{page:../../etc}} {{step:x}} {{nope:y}}'"
case_ reference-garbage 1 "unknownref.yaml:10:16: error: reference to unknown page" "$M/unknownref.yaml"

# ---- the real manuals, truncated at every 4 KiB and with single-byte changes (seeded)
for m in manuals/*.yaml; do
  b=$(basename "$m" .yaml); size=$(wc -c <"$m")
  for ((cut = 4096; cut < size; cut += 4096)); do
    head -c $cut "$m" >"$M/$b-cut$cut.yaml"
    rm -rf "$M/cout"; mkdir -p "$M/cout"
    $TEJUN build -o "$M/cout" "$M/$b-cut$cut.yaml" >/dev/null 2>"$T/e"; rc=$?
    if [ $rc -ge 128 ] || grep -q 'AddressSanitizer\|runtime error' "$T/e"; then ko "$b cut at $cut: crashed"; continue; fi
    if [ $rc = 0 ]; then ok "$b truncated at $cut bytes: still a whole manual (cut between pages), built"
    elif [ $rc = 1 ] && grep -qE "$b-cut$cut.yaml:[0-9]+:[0-9]+: error: " "$T/e" && [ -z "$(find "$M/cout" -name '*.html')" ]; then ok "$b truncated at $cut bytes: exit 1, located, nothing written"
    else ko "$b truncated at $cut: exit $rc" "$(head -5 "$T/e")"; fi
  done
done
seed=20261126
for m in manuals/*.yaml; do
  b=$(basename "$m" .yaml)
  for k in 1 2 3 4 5 6 7 8; do
    python3 - "$m" "$M/$b-mut$k.yaml" $((seed + k)) <<'PY'
import random, sys
data = bytearray(open(sys.argv[1], "rb").read())
r = random.Random(int(sys.argv[3]))
i = r.randrange(len(data))
data[i] = r.choice([0x00, 0x0a, 0x20, 0x22, 0x27, 0x2d, 0x3a, 0x5b, 0x7b, 0x26, 0x2a, 0x21, 0x7c, 0x3e, 0x80, 0xff, r.randrange(256)])
open(sys.argv[2], "wb").write(data)
PY
    rm -rf "$M/mout"; mkdir -p "$M/mout"
    $TEJUN build -o "$M/mout" "$M/$b-mut$k.yaml" >/dev/null 2>"$T/e"; rc=$?
    if [ $rc -ge 128 ] || grep -q 'AddressSanitizer\|runtime error' "$T/e"; then ko "$b mutation $k: crashed"; continue; fi
    if [ $rc = 0 ]; then ok "$b mutation $k: still a valid manual, built"
    elif [ $rc = 1 ] && grep -qE "$b-mut$k.yaml:[0-9]+:[0-9]+: (error|warning): " "$T/e" && [ -z "$(find "$M/mout" -name '*.html')" ]; then ok "$b mutation $k: exit 1, located, nothing written"
    else ko "$b mutation $k: exit $rc" "$(head -5 "$T/e")"; fi
  done
done

# ---- locked-down libraries
mkdir -p "$T/tpl" && cp templates/*.xsl "$T/tpl/"
sed -i 's|<xsl:template match="/publication">|<xsl:template match="/publication"><xsl:value-of select="document('"'"'/etc/passwd'"'"')"/>|' "$T/tpl/html.xsl"
$TEJUN build --templates "$T/tpl" -o "$T/x1" manuals/box.yaml >/dev/null 2>"$T/e"; rc=$?
[ $rc != 0 ] && ! grep -rq 'root:' "$T/x1" 2>/dev/null && [ ! -e "$T/x1/box/index.html" ] && ok "a stylesheet calling document('/etc/passwd') fails and reads nothing" || ko "document() not refused" "$rc $(cat "$T/e")"
cp templates/html.xsl "$T/tpl/html.xsl"
sed -i 's|<xsl:template match="/publication">|<xsl:template match="/publication"><exsl:document xmlns:exsl="http://exslt.org/common" href="'"$T"'/pwned.txt" method="text">x</exsl:document>|' "$T/tpl/html.xsl"
sed -i 's|<xsl:stylesheet version="1.0"|<xsl:stylesheet extension-element-prefixes="exsl" xmlns:exsl="http://exslt.org/common" version="1.0"|' "$T/tpl/html.xsl"
$TEJUN build --templates "$T/tpl" -o "$T/x2" manuals/box.yaml >/dev/null 2>"$T/e"; rc=$?
[ $rc != 0 ] && [ ! -e "$T/pwned.txt" ] && ok "a stylesheet writing a file with exsl:document fails and writes nothing" || ko "exsl:document not refused" "$rc $(cat "$T/e")"
snap=manuals/releases/box@2.0.xml
{ echo '<?xml version="1.0"?><!DOCTYPE release [<!ENTITY x SYSTEM "file:///etc/passwd">]>'; sed '1d; s|初版制定|&x;|' "$snap"; } >"$T/xxe.xml"
$TEJUN build -o "$T/x3" "$T/xxe.xml" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 1 ] && ! grep -rq 'root:' "$T/x3" 2>/dev/null && grep -q 'xxe.xml: error: ' "$T/e" && ok "a snapshot with an external entity on /etc/passwd is refused, nothing read" || ko "XXE" "$rc $(cat "$T/e")"
{ echo '<?xml version="1.0"?><!DOCTYPE release SYSTEM "http://127.0.0.1:9/evil.dtd">'; sed '1d' "$snap"; } >"$T/dtd.xml"
start=$(date +%s)
$TEJUN build -o "$T/x4" "$T/dtd.xml" >/dev/null 2>"$T/e"; rc=$?
[ $(( $(date +%s) - start )) -lt 5 ] && ok "a snapshot naming an http: DTD builds without fetching it (exit $rc)" || ko "http DTD"
{ sed 's|初版制定|初版制定!|' "$snap"; } >"$T/tampered.xml"
$TEJUN build -o "$T/x5" "$T/tampered.xml" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -q 'does not match its digest' "$T/e" && [ ! -e "$T/x5/box" ] && ok "a tampered snapshot is refused" || ko "tampered snapshot" "$rc $(cat "$T/e")"
grep -L 'Content-Security-Policy" content="default-src' out/*/index.html out/services/*/index.html 2>/dev/null | grep -q . && ko "a page without CSP" || ok "every standalone HTML page in out/ carries a Content-Security-Policy without script"

# ---- crafted snapshots: the digest is an unkeyed SHA-256 anyone can recompute
# (tests/tools/redigest.py), so a snapshot is read as strictly as YAML: ids, links, versions,
# lengths, control characters, depth and the elements themselves; each refused (exit 1, file
# named, release-corrupt) and nothing written
S=$T/snaps; mkdir -p "$S"
old=manuals/releases/box@2.0.xml new=manuals/releases/box@2.1.xml
craft() { "$PY" tests/tools/redigest.py "$@" || ko "redigest.py $*"; }
craft "$new" "$S/same.xml" && cmp -s "$S/same.xml" "$new" && ok "redigest.py recomputes the digest of an untouched snapshot exactly" || ko "redigest.py"
deep() { printf '%*s' "$1" '' | sed 's/ /<strong>/g'; }
undeep() { printf '%*s' "$1" '' | sed 's| |</strong>|g'; }
v9k="第2.$(printf '%*s' 9000 '' | tr ' ' 1)版"
cn=0
while IFS='|' read -r what pat subs; do
  cn=$((cn + 1))
  eval "craft \"\$new\" \"\$S/c$cn.xml\" $subs"
  rm -rf "$S/out" "$S/d" && mkdir -p "$S/d"
  $TEJUN build -o "$S/out" "$S/c$cn.xml" >/dev/null 2>"$T/e"; rc=$?
  $TEJUN diff -o "$S/d/o" "$old" "$S/c$cn.xml" >/dev/null 2>"$T/e2"; rc2=$?
  if [ $rc = 1 ] && [ $rc2 = 1 ] && grep -qE "c$cn.xml(:[0-9]+:[0-9]+)?: error: .*$pat.* \[release-corrupt\]" "$T/e" && grep -qE "c$cn.xml(:[0-9]+:[0-9]+)?: error: .*$pat" "$T/e2" \
     && [ ! -e "$S/out" ] && [ -z "$(find "$S/d" -mindepth 1)" ] && [ -z "$(find "$T" -name 'x-*' -o -name '*..*.html')" ]; then
    ok "a crafted snapshot with a good digest, $what: refused by build and diff -o (exit 1), nothing written"
  else ko "crafted snapshot: $what" "$rc/$rc2 $(head -c 600 "$T/e") $(head -c 600 "$T/e2") $(find "$S/d" "$S/out" 2>/dev/null)"; fi
done <<EOF
../ in the manual id (diff -o would write ../../x-2.0..2.1.html)|attribute 'manual' is not an id|'manual="box"' 'manual="../../x"'
a javascript: link|<a>: attribute 'href' is not an http\\(s\\) or relative link|'<text>' '<text><a href="javascript:alert(1)">押す</a>'
a javascript: link with a tab in its scheme|attribute 'href' is not an http\\(s\\) or relative link|'<text>' '<text><a href="java&#9;script:alert(1)">押す</a>'
a 9 KB version|attribute 'version' is not a version 第N.M版 \\(longer than 40 bytes\\)|'第2.1版' "$v9k"
a version that is not 第N.M版|attribute 'version' is not a version 第N.M版|'version="第2.1版"' 'version="v2.1"'
a C1 control character (CSI) in a text|a text holds the control character U\\+009B|'初版制定' $'初版\u009b[2J制定'
a control character in an attribute|attribute 'title' holds a control character|'title="Box' $'title="\u009b[2JBox'
a bidirectional override in a text|a text holds the control character U\\+202E|'初版制定' $'初版\u202e制定'
elements nested 220 deep|elements nested deeper than 200 levels|'<text>' "<text>$(deep 220)x$(undeep 220)"
elements nested 300 deep (past libxml2's limit)|not well-formed XML \\(Excessive depth|'<text>' "<text>$(deep 300)x$(undeep 300)"
an unknown element|an unknown element <script>|'<text>' '<text><script>alert(1)</script>'
an unknown attribute|an unknown attribute 'onclick'|'<text>' '<text><a href="https://example.com/" onclick="alert(1)">x</a>'
a page anchor that is not p+number|attribute 'anchor' is not a page anchor|'anchor="p3"' 'anchor="x&quot; onmouseover=&quot;alert(1)"'
a comment|a comment|'<text>' '<text><!-- x -->'
a release that says another manual than its publication|attribute 'manual' differs from the publication|'<release format="1" manual="box"' '<release format="1" manual="dropbox"'
EOF

# ---- tejun release reads a snapshot back, as every later read will, before it renames it into
# place: it never leaves one that cannot be read (which would stop every check and build of the
# manual). Inputs that do not load are refused before that; either way nothing is written, the
# releases folder stays as it was, and the manual still checks
R4=$T/rb; mkdir -p "$R4/shared" "$R4/releases" && cp tests/diff/shared/catalog.yaml "$R4/shared/"
sed 's/^id: .*/id: kept/' tests/diff/old.yaml >"$R4/kept.yaml" && $TEJUN release "$R4/kept.yaml" 2>/dev/null && rb=$(sums "$R4/releases")
stars=$(printf '%*s' 600 '' | tr ' ' '*')
sed "s/^id: .*/id: deep/; s/^    body:/    body:\n      - text: \"${stars}a${stars}\"/" tests/diff/old.yaml >"$R4/deep.yaml"
sed 's/^id: .*/id: esc/; s/^title: .*/title: "\\e[31m手順"/' tests/diff/old.yaml >"$R4/esc.yaml"
sed "s/^id: .*/id: ver/; s/version: 第1.0版/version: 第1.$(printf '%*s' 9000 '' | tr ' ' 1)版/" tests/diff/old.yaml >"$R4/ver.yaml"
for c in "deep:600 * around one letter (past libxml2's depth)" "esc:a raw ESC in the title" "ver:a 9,000-digit version, with --force (the checks would refuse it)"; do
  f=${c%%:*} what=${c#*:}
  $TEJUN release --force "$R4/$f.yaml" >/dev/null 2>"$T/e"; rc=$?
  $TEJUN check "$R4/$f.yaml" >/dev/null 2>"$T/e2"
  # today each reaches the read-back (release-unreadable); a limit at load would stop it earlier
  if [ $rc = 1 ] && [ "$(sums "$R4/releases")" = "$rb" ] && [ -n "$rb" ] && ! grep -q 'release-corrupt' "$T/e2" \
     && grep -qE "$f.yaml:[0-9]+:[0-9]+: error: (the snapshot of this version would not read back: .*; nothing was written \[release-unreadable\])?" "$T/e"; then
    ok "release of $what: refused (exit 1, $(grep -o '\[[a-z-]*\]' "$T/e" | head -1)), nothing written, the manual still checks"
  else ko "release read-back: $what" "$rc $(head -c 400 "$T/e") $(head -c 300 "$T/e2")"; fi
done

# ---- file names that reach make: the --depfile escapes them or the include is refused. Real
# make reads the depfile (a fragment that -includes it, as the Makefile does): `make -n` must run
# nothing and not fail, and a change to a page with such a name must still rebuild the manual
if command -v make >/dev/null; then
  D=$T/mk; mkdir -p "$D/m/shared" && cp tests/diff/shared/catalog.yaml "$D/m/shared/"
  page() { printf 'pages:\n  - id: %s\n    procedure: 共有\n    body:\n      - text: 共有ページです。\n' "$1" >"$D/m/shared/$2"; }
  odd='note${shell id >PWNED} $HOME #1: [x]*?%.yaml'
  page p-odd "$odd"; page p-space 'with space.yaml'
  { sed '/^pages:/,$d' tests/diff/old.yaml; printf 'pages:\n  - include: "shared/%s"\n  - include: shared/with space.yaml\n' "$odd"; } >"$D/m/a.yaml"
  $TEJUN build -q --no-manifest -o "$D/out" --depfile "$D/out/.tejun/a.d" --deptarget "$D/out/.tejun/a.stamp" "$D/m/a.yaml" 2>"$T/e"; rc=$?
  printf -- '-include %s/out/.tejun/*.d\n%s/out/.tejun/a.stamp:\n\t@echo rebuilt a\n' "$D" "$D" >"$D/Makefile"
  makea() { (cd "$D" && make -f "$D/Makefile" "$@" "$D/out/.tejun/a.stamp"); }
  tick() { sleep 0.1; }   # file times move in clock ticks: two touches in one tick look the same age
  tick; touch "$D/out/.tejun/a.stamp"
  makea -n >"$T/o" 2>&1; m1=$?
  tick; touch "$D/m/shared/with space.yaml"; makea >"$T/o2" 2>&1; m2=$?
  tick; touch "$D/out/.tejun/a.stamp"; tick; touch "$D/m/shared/$odd"; makea >"$T/o3" 2>&1; m3=$?
  rm "$D/m/shared/with space.yaml"; makea >"$T/o4" 2>&1; m4=$?
  if [ $rc = 0 ] && [ $m1 = 0 ] && [ ! -e "$D/PWNED" ] && grep -q "is up to date" "$T/o" && [ $m2 = 0 ] && grep -qx 'rebuilt a' "$T/o2" \
     && [ $m3 = 0 ] && grep -qx 'rebuilt a' "$T/o3" && [ $m4 = 0 ] && grep -qF 'note$${shell\ id\ >PWNED}\ $$HOME\ \#1\:\ \[x\]\*\?%.yaml' "$D/out/.tejun/a.d"; then
    ok "a shared page named '$odd' and one with a space: the depfile escapes them; make -n runs nothing, make sees each change and a removed page"
  else ko "make and odd file names" "build $rc, make $m1/$m2/$m3/$m4 $(ls "$D") $(cat "$T/e" "$T/o" "$T/o2" "$T/o3" "$T/o4" "$D/out/.tejun/a.d" 2>&1)"; fi
  for bad in 'note$(shell id >PWNED).yaml' 'a;id.yaml' 'a=b.yaml' 'a|b.yaml'; do
    page p-bad "$bad"
    { sed '/^pages:/,$d' tests/diff/old.yaml; printf 'pages:\n  - include: "shared/%s"\n' "$bad"; } >"$D/m/b.yaml"
    $TEJUN build -q --no-manifest -o "$D/out2" --depfile "$D/out2/.tejun/b.d" "$D/m/b.yaml" >/dev/null 2>"$T/e"; rc=$?
    c=$(printf '%s' "$bad" | sed 's/^[^;=|(]*\(.\).*/\1/')
    if [ $rc = 1 ] && grep -qF "$D/m/b.yaml:8:14: error: include 'shared/$bad': the file name holds '$c', which make cannot read in a dependency list" "$T/e" && [ ! -e "$D/out2" ] && [ ! -e "$D/PWNED" ]; then
      ok "an include named '$bad': refused at the include (b.yaml:8:14), nothing written"
    else ko "include named $bad" "$rc $(cat "$T/e")"; fi
    rm -f "$D/m/shared/$bad"
  done
else ko "make is not installed: the depfile is untested"; fi

# ---- links inside the output folder: never followed, never written through (only the -o
# folder itself may be a link the user chose); each refused with the link named, exit 2, and
# nothing written outside (nor inside: every earlier output byte-identical)
L=$T/links E=$T/elsewhere; mkdir -p "$L" "$E"
nolink='is a symbolic link; tejun does not follow links inside its output folder: remove it \[io\]'
outside() { [ -z "$(find "$1" -mindepth 1 ! -type d)" ] || { echo "written outside: $(find "$1" -mindepth 1 ! -type d)"; return 1; }; }
mkdir -p "$E/s1" "$L/o1" && ln -s "$E/s1" "$L/o1/services"
$TEJUN build -o "$L/o1" manuals/box.yaml >/dev/null 2>"$T/e"; rc=$?
[ $rc = 2 ] && grep -q "o1/services/box/index.html: error: $L/o1/services $nolink" "$T/e" && [ $(grep -c 'error:' "$T/e") = 1 ] && outside "$E/s1" \
  && [ -z "$(find "$L/o1" -type f ! -path '*/.tejun/*')" ] && [ -L "$L/o1/services" ] \
  && ok "out/services a link to a folder elsewhere: refused, the link named, exit 2, nothing written (there or in out/)" || ko "services/ a link" "$rc $(cat "$T/e") $(outside "$E/s1")"
$TEJUN build -q -o "$L/o2" manuals/box.yaml && echo precious >"$E/victim" && ln -sf "$E/victim" "$L/o2/box/box.md" && s2=$(sums "$L/o2")
sed 's/^title: \(.*\)/title: \1（改）/' manuals/box.yaml >"$M/box-rev.yaml"
$TEJUN build -o "$L/o2" --catalog manuals/shared/catalog.yaml "$M/box-rev.yaml" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 2 ] && grep -q "o2/box/box.md: error: $L/o2/box/box.md $nolink" "$T/e" && [ "$(cat "$E/victim")" = precious ] && [ "$(sums "$L/o2")" = "$s2" ] && [ -L "$L/o2/box/box.md" ] \
  && [ -z "$(find "$L/o2" -name '.*tmp-*')" ] && ok "an output file that is a link (box/box.md): refused, exit 2, its target and every other output untouched" || ko "file target a link" "$rc $(cat "$T/e")"
rm -f "$E/victim"
# a planted journal: a dead run's commit journal naming lnk/authorized_keys, with out/lnk a link
mkdir -p "$E/ssh" "$L/o3" && echo precious >"$E/ssh/authorized_keys" && ln -s "$E/ssh" "$L/o3/lnk"
sh -c 'exit 0' & dead=$!; wait $dead
echo "attacker key" >"$E/ssh/.authorized_keys.tmp-$dead-AAAAAA"
printf 'tejun commit journal 1\nlnk/.authorized_keys.tmp-%s-AAAAAA\tlnk/authorized_keys\n' $dead >"$L/o3/.tejun-commit-$dead"
$TEJUN manifest -o "$L/o3" >/dev/null 2>"$T/e"; rc=$?
$TEJUN build -o "$L/o3" manuals/box.yaml >/dev/null 2>"$T/e2"; rc2=$?
[ $rc = 2 ] && [ $rc2 = 2 ] && grep -q "o3/lnk/authorized_keys: error: $L/o3/lnk $nolink" "$T/e" && grep -q "o3/.tejun-commit-$dead: error: the commit journal of a killed run was not finished" "$T/e" \
  && grep -q "$L/o3/lnk $nolink" "$T/e2" && [ "$(cat "$E/ssh/authorized_keys")" = precious ] && [ -e "$L/o3/.tejun-commit-$dead" ] && [ ! -e "$L/o3/box" ] && [ ! -e "$L/o3/manifest.json" ] \
  && ok "a planted journal renaming through out/lnk (a link): tejun manifest and build refuse it (exit 2), the target untouched, nothing written" || ko "planted journal" "$rc/$rc2 $(cat "$T/e" "$T/e2")"
# the same with the temporary file in out/ and the target through the link: not an entry of ours
rm -f "$L/o3/.tejun-commit-$dead" "$E/ssh/.authorized_keys.tmp-$dead-AAAAAA"
echo "attacker key" >"$L/o3/.authorized_keys.tmp-$dead-AAAAAA"
printf 'tejun commit journal 1\n.authorized_keys.tmp-%s-AAAAAA\tlnk/authorized_keys\n' $dead >"$L/o3/.tejun-commit-$dead"
$TEJUN manifest -o "$L/o3" >/dev/null 2>"$T/e"; rc=$?
[ "$(cat "$E/ssh/authorized_keys")" = precious ] && [ ! -e "$L/o3/.authorized_keys.tmp-$dead-AAAAAA" ] && [ ! -e "$L/o3/.tejun-commit-$dead" ] \
  && ok "a planted journal whose temporary file is not beside its target (exit $rc): ignored, the target untouched, the orphan removed" || ko "journal across folders" "$rc $(cat "$T/e")"
# a link deeper down: out/services/box, out/checklists/customers
mkdir -p "$E/n4" "$L/o4/services" && ln -s "$E/n4" "$L/o4/services/box"
$TEJUN build -o "$L/o4" manuals/box.yaml >/dev/null 2>"$T/e"; rc=$?
mkdir -p "$L/o4/checklists" && ln -s "$E/n4" "$L/o4/checklists/customers"
$TEJUN checklist -o "$L/o4" --customer manuals/customers/sample-shoji.yaml manuals/*.yaml >/dev/null 2>"$T/e2"; rc2=$?
[ $rc = 2 ] && [ $rc2 = 2 ] && grep -q "$L/o4/services/box $nolink" "$T/e" && grep -q "$L/o4/checklists/customers $nolink" "$T/e2" && outside "$E/n4" \
  && [ -z "$(find "$L/o4" -type f ! -path '*/.tejun/*')" ] && ok "a link in a nested folder (services/box, checklists/customers): build and checklist refuse it, exit 2, nothing written" || ko "nested link" "$rc/$rc2 $(cat "$T/e" "$T/e2") $(outside "$E/n4")"
# diff -o: a link as the target; the -o folder itself a link is the user's choice and is followed
mkdir -p "$L/o5" && ln -s "$E/d5.html" "$L/o5/box-2.0..2.1.html"
$TEJUN diff -o "$L/o5" box@2.0 box@2.1 >/dev/null 2>"$T/e"; rc=$?
mkdir -p "$E/chosen" && ln -s "$E/chosen" "$L/o6"
$TEJUN diff -o "$L/o6" box@2.0 box@2.1 >/dev/null 2>"$T/e2"; rc2=$?
[ $rc = 2 ] && grep -q "$L/o5/box-2.0..2.1.html $nolink" "$T/e" && [ ! -e "$E/d5.html" ] && [ -z "$(find "$L/o5" -type f ! -path '*/.tejun/*')" ] \
  && [ $rc2 = 0 ] && [ -s "$E/chosen/box-2.0..2.1.html" ] && [ -s "$E/chosen/box-2.0..2.1.md" ] \
  && ok "diff -o: a link as its target refused (exit 2, nothing written); an -o folder that is itself a link is followed" || ko "diff -o links" "$rc/$rc2 $(cat "$T/e" "$T/e2")"
rm -rf "$E/chosen"
# release: a snapshot path that is a link is not written through
mkdir -p "$L/rel/shared" "$L/rel/releases" && cp tests/diff/shared/catalog.yaml "$L/rel/shared/" && cp tests/diff/old.yaml "$L/rel/sample.yaml" && ln -s "$E/snap.xml" "$L/rel/releases/sample@1.0.xml"
$TEJUN release "$L/rel/sample.yaml" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 2 ] && grep -q "releases/sample@1.0.xml: error: $L/rel/releases/sample@1.0.xml is a symbolic link; tejun does not write through links: remove it" "$T/e" && [ ! -e "$E/snap.xml" ] \
  && ok "release: a snapshot that is a link is not written through (exit 2)" || ko "release through a link" "$rc $(cat "$T/e")"

# ---- two builds into one out/ at once (make -j runs several): one lock per output folder, so
# every manual's files (its own and its services') come from one run, and the manifest is in step
C=$T/conc; mkdir -p "$C/A/shared" "$C/B/shared"
for r in A B; do cp manuals/shared/*.yaml "$C/$r/shared/"; for m in manuals/*.yaml; do sed "s/^title: \(.*\)/title: \1 rev$r/" "$m" >"$C/$r/$(basename "$m")"; done; done
onerun() { # OUT: each manual's files all of one revision
  local m s f files revs
  for m in manuals/*.yaml; do
    m=$(basename "$m" .yaml); files="$1/$m/index.html $1/$m/$m.md"
    for s in $(sed -n 's/^services: *\[\(.*\)\]/\1/p' "manuals/$m.yaml" | tr -d ' ' | tr ',' ' '); do files="$files $1/services/$s/index.html $1/services/$s/$s.md"; done
    revs=$(for f in $files; do grep -o 'rev[AB]' "$f" | sort -u | tr '\n' ' '; echo; done | sort -u)
    [ "$(echo "$revs" | wc -l)" = 1 ] && [ "$(echo $revs | wc -w)" = 1 ] || { echo "$m mixed: $revs"; return 1; }
  done
}
bad=0 rounds=15; [ -n "${HOSTILE_LIGHT:-}" ] && rounds=3   # valgrind
for i in $(seq $rounds); do
  $TEJUN build -q -o "$C/out" "$C"/A/*.yaml >/dev/null 2>"$T/eA" & a=$!
  $TEJUN build -q -o "$C/out" "$C"/B/*.yaml >/dev/null 2>"$T/eB" & b=$!
  wait $a; ra=$?; wait $b; rb=$?
  if [ $ra != 0 ] || [ $rb != 0 ] || ! r=$(onerun "$C/out") || ! $TEJUN manifest --check -o "$C/out" 2>"$T/e" || ! r2=$("$PY" tests/tools/manifest.py "$C/out" 2>&1); then
    bad=$((bad + 1)); echo "     round $i: $ra/$rb ${r:-} $(cat "$T/eA" "$T/eB" "$T/e") ${r2:-}"
  fi
done
[ $bad = 0 ] && ok "$rounds rounds of two concurrent builds of different revisions into one out/: every manual whole from one run, manifest in step" || ko "concurrent builds: $bad of $rounds rounds mixed or out of step"
# a run holding the lock (here flock(1) on DIR/.tejun/lock) makes the next one wait, saying so
# on a terminal, and --check waits for a writer too: nothing is written until it is released
if command -v flock >/dev/null && command -v script >/dev/null; then
  rm -f "$T/release"
  ( flock -x 9 && while [ ! -e "$T/release" ]; do sleep 0.1; done ) 9>"$C/out/.tejun/lock" & holder=$!
  sleep 0.3; s0=$(sums "$C/out")
  script -qfec "$TEJUN build -q -o '$C/out' '$C'/A/*.yaml" /dev/null >"$T/tty" 2>&1 & b=$!
  $TEJUN manifest --check -o "$C/out" >/dev/null 2>&1 & k=$!
  for i in $(seq 600); do grep -q 'waiting for another tejun run' "$T/tty" && break; sleep 0.1; done   # up to 60 s (valgrind)
  sleep 0.5; alive=0; kill -0 $b 2>/dev/null && kill -0 $k 2>/dev/null && alive=1; s1=$(sums "$C/out")
  touch "$T/release"; wait $holder; wait $b; rb=$?; wait $k; rk=$?
  if [ $alive = 1 ] && [ "$s0" = "$s1" ] && [ $rb = 0 ] && grep -q "waiting for another tejun run on $C/out/" "$T/tty" && onerun "$C/out" >/dev/null \
     && grep -q 'revA' "$C/out/box/index.html" && $TEJUN manifest --check -o "$C/out" 2>/dev/null; then
    ok "while another run holds out/'s lock, build and manifest --check wait (the build says so on a terminal), then run (check exit $rk)"
  else ko "waiting for the lock" "alive $alive, build $rb, check $rk, same $([ "$s0" = "$s1" ] && echo yes || echo no): $(cat "$T/tty")"; fi
fi

# ---- two manuals of one run that would write the same folder: the later one is refused at its
# `id:` (or the service), naming the earlier, and not built; the same with -j 2, where the
# workers are separate processes (the run decides before it starts them)
U=$T/dup; mkdir -p "$U/shared" && cp tests/diff/shared/catalog.yaml "$U/shared/"
sed 's/^title: .*/title: 一番目/' tests/diff/old.yaml >"$U/one.yaml"; sed 's/^title: .*/title: 二番目/' tests/diff/old.yaml >"$U/two.yaml"
sed 's/^id: .*/id: other/; s/^title: .*/title: 三番目/' tests/diff/old.yaml >"$U/three.yaml"
for j in 1 2; do
  rm -rf "$U/out"
  $TEJUN build -j $j -o "$U/out" "$U/one.yaml" "$U/two.yaml" >/dev/null 2>"$T/e"; rc=$?
  [ $rc = 1 ] && grep -q "two.yaml:1:5: error: manual id 'sample' is also the id of $U/one.yaml; give each manual its own id (both would write $U/out/sample/) \[duplicate-manual\]" "$T/e" \
    && [ $(grep -c 'error:' "$T/e") = 1 ] && grep -q '<title>一番目' "$U/out/sample/index.html" && grep -q '^# 一番目' "$U/out/sample/sample.md" && ! grep -rq '二番目' "$U/out" \
    && "$PY" tests/tools/manifest.py "$U/out" >/dev/null \
    && ok "build -j $j of two manuals with one id: the second refused at its id: (exit 1), the first built whole" || ko "duplicate id -j $j" "$rc $(cat "$T/e")"
  rm -rf "$U/out"
  $TEJUN build -j $j -o "$U/out" "$U/one.yaml" "$U/three.yaml" >/dev/null 2>"$T/e"; rc=$?
  [ $rc = 1 ] && grep -q "three.yaml:3:12: error: service 'alpha' is also listed by $U/one.yaml; both would write $U/out/services/alpha/: list it in one manual, or build them into separate folders (-o) \[duplicate-manual\]" "$T/e" \
    && [ ! -e "$U/out/other" ] && grep -q '一番目' "$U/out/services/alpha/index.html" && ! grep -rq '三番目' "$U/out" \
    && ok "build -j $j of two manuals listing one service: the second refused at that service (exit 1), not built" || ko "duplicate service -j $j" "$rc $(cat "$T/e")"
done
# a refused manual's services do not count: four (beta, then alpha, taken by one) is refused at
# alpha, and five, which lists beta, is built
sed 's/^id: .*/id: four/; s/^services: .*/services: [beta, alpha]/' tests/diff/old.yaml >"$U/four.yaml"
sed 's/^id: .*/id: five/; s/^services: .*/services: [beta]/; s/^title: .*/title: 五番目/' tests/diff/old.yaml >"$U/five.yaml"
rm -rf "$U/out"
$TEJUN build -o "$U/out" "$U/one.yaml" "$U/four.yaml" "$U/five.yaml" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -q "four.yaml:3:18: error: service 'alpha' is also listed by $U/one.yaml" "$T/e" && [ $(grep -c 'error:' "$T/e") = 1 ] \
  && [ ! -e "$U/out/four" ] && grep -q '五番目' "$U/out/services/beta/index.html" \
  && ok "a manual refused at its second service leaves its first to the next manual" || ko "refused manual's services" "$rc $(cat "$T/e")"
rm -rf "$U/out"
$TEJUN build --no-services -o "$U/out" "$U/one.yaml" "$U/three.yaml" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 0 ] && [ -f "$U/out/other/index.html" ] && [ -f "$U/out/sample/index.html" ] && ok "--no-services: two manuals listing one service build (they write no service folder)" || ko "--no-services duplicates" "$rc $(cat "$T/e")"
$TEJUN check "$U/one.yaml" "$U/two.yaml" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -q "two.yaml:1:5: error: manual id 'sample' is also the id of $U/one.yaml; give each manual its own id \[duplicate-manual\]" "$T/e" && grep -q '^tejun check: 2 manuals, 1 error' "$T/e" \
  && ok "tejun check of two manuals with one id: reported, both still checked" || ko "check duplicates" "$rc $(cat "$T/e")"
rm -rf "$U/out"
$TEJUN build -o "$U/out" "$U/one.yaml" box@2.0 box@2.1 >/dev/null 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -q "box@2.1: error: manual id 'box' is also the id of box@2.0; give each manual its own id" "$T/e" && grep -q 'tejun-version" content="第2.0版"' "$U/out/box/index.html" \
  && ok "two releases of one manual in one build: the second refused, the first built" || ko "duplicate releases" "$rc $(cat "$T/e")"

# ---- no line is too long: a 9,000-digit version is refused where it stands (a version has at
# most 6 digits a number, so a manifest row stays short); a journal entry of 10 KB below
W=$T/long; mkdir -p "$W/shared" && cp tests/diff/shared/catalog.yaml "$W/shared/"
sed "s/version: 第1.0版/version: 第1.$(printf '%*s' 9000 '' | tr ' ' 1)版/" tests/diff/old.yaml >"$W/sample.yaml"
$TEJUN build -o "$W/out" "$W/sample.yaml" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -q "sample.yaml:6:15: error: version '第1.1111.*…' has a number of 9000 digits; the numbers of 第N.M版 have at most 6 \[changelog-format\]" "$T/e" \
  && [ ! -e "$W/out/sample" ] && [ "$(wc -c <"$T/e")" -lt 2000 ] \
  && ok "a 9,000-digit version: refused at its place, quoted short, nothing written" || ko "long version" "$rc $(head -c 600 "$T/e")"
sh -c 'exit 0' & dead=$!; wait $dead
"$PY" - "$W/jout" $dead <<'PY'
import os, sys
root, pid = sys.argv[1], sys.argv[2]
os.makedirs(root)
fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
parts = ['d%02d' % i + 'a' * 240 for i in range(40)]      # 40 folders of 243 bytes: 9.7 KB
for p in parts:
    os.mkdir(p, dir_fd=fd); nfd = os.open(p, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd); os.close(fd); fd = nfd
for name, text in (('t.html', 'old'), ('.t.html.tmp-%s-AbCd12' % pid, 'new')):
    f = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd); os.write(f, text.encode()); os.close(f)
deep = '/'.join(parts)
open(os.path.join(root, '.tejun-commit-' + pid), 'w').write('tejun commit journal 1\n%s/.t.html.tmp-%s-AbCd12\t%s/t.html\n' % (deep, pid, deep))
PY
$TEJUN manifest -o "$W/jout" 2>"$T/e"; rc=$?
got=$("$PY" -c '
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
for i in range(40): nfd = os.open("d%02d" % i + "a" * 240, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd); os.close(fd); fd = nfd
print(open(os.open("t.html", os.O_RDONLY, dir_fd=fd)).read(), len(os.listdir(fd)))' "$W/jout")
[ $rc = 0 ] && [ "$got" = "new 1" ] && [ ! -e "$W/jout/.tejun-commit-$dead" ] \
  && ok "a commit journal entry of 9.7 KB (a path 40 folders deep): the killed commit is finished" || ko "long journal entry" "$rc '$got' $(cat "$T/e")"

# ---- killed mid-build: earlier outputs intact, no temporary file left
mkdir -p "$T/k/shared" && cp manuals/shared/*.yaml "$T/k/shared/"
for i in $(seq 60); do for m in manuals/*.yaml; do sed "s/^id: .*/id: $(basename "$m" .yaml)-$i/" "$m" >"$T/k/$(basename "$m" .yaml)-$i.yaml"; done; done
$TEJUN build -q --no-services -o "$T/kout" "$T"/k/*.yaml >/dev/null 2>&1
k1=$(sums "$T/kout")
$TEJUN build -q --no-services -o "$T/kout" "$T"/k/*.yaml >/dev/null 2>&1 & pid=$!
sleep 0.3; kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null
[ "$(sums "$T/kout")" = "$k1" ] && [ -z "$(find "$T/kout" -name '.*tmp-*')" ] && ok "SIGTERM mid-build: every output byte-identical, no temporary file left" || ko "killed mid-build"

# ---- a stop mid-build with new content: out/manifest.json never out of step with the files
# each manual's HTML and Markdown are both of the same build (a stop waits for the manual it is
# writing); the manifest says "complete" and every digest is the file's
same_build() { # OUT: every manual folder holds one revision (its HTML and Markdown agree)
  local d r1 r2
  for d in "$1"/*/; do
    [ -f "$d/index.html" ] || continue
    r1=$(grep -o '<title>[^<]*' "$d/index.html" | grep -o 'rev[A-Z]*' | tail -1)
    r2=$(grep -m1 -o '^# .*' "$d"/*.md | grep -o 'rev[A-Z]*' | tail -1)
    [ "$r1" = "$r2" ] || { echo "$d: $r1 vs $r2"; return 1; }
  done
}
state() { grep -o '"state": "[a-z]*"' "$1/manifest.json"; }
set -m   # job control: a background job keeps SIGINT (a shell without it ignores SIGINT there)
for sig in TERM INT HUP; do
  sed -i "s/^title: \(.*\)/title: \1 rev$sig/" "$T"/k/*.yaml
  $TEJUN build -q --no-services -o "$T/kout" "$T"/k/*.yaml >/dev/null 2>&1 & pid=$!
  sleep 0.4; kill -$sig $pid 2>/dev/null; wait $pid 2>/dev/null; rc=$?
  newn=$(grep -l "rev$sig" "$T"/kout/*/index.html 2>/dev/null | wc -l)
  if [ "$(state "$T/kout")" = '"state": "complete"' ] && $TEJUN manifest --check -o "$T/kout" 2>"$T/e" \
     && r=$(python3 tests/tools/manifest.py "$T/kout" 2>&1) && same_build "$T/kout" >"$T/e" \
     && [ -z "$(find "$T/kout" -name '.*tmp-*')" ] && { [ $rc -ge 128 ] || [ $newn = 240 ]; }; then
    ok "SIG$sig mid-build with new content (exit $rc, $newn of 240 manuals rebuilt): manifest complete and in step, each manual whole"
  else ko "SIG$sig mid-build: manifest out of step" "exit $rc; $(state "$T/kout") $(cat "$T/e") ${r:-}"; fi
done
sed -i "s/^title: \\(.*\\)/title: \\1 revJOBS/" "$T"/k/*.yaml
$TEJUN build -q -j 2 --no-services -o "$T/kout" "$T"/k/*.yaml >/dev/null 2>&1 & pid=$!
sleep 0.4; kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rc=$?
newn=$(grep -l "revJOBS" "$T"/kout/*/index.html 2>/dev/null | wc -l)
if [ "$(state "$T/kout")" = '"state": "complete"' ] && $TEJUN manifest --check -o "$T/kout" 2>"$T/e" \
   && r=$(python3 tests/tools/manifest.py "$T/kout" 2>&1) && same_build "$T/kout" >"$T/e" \
   && [ -z "$(find "$T/kout" -name '.*tmp-*')" ] && [ -z "$(pgrep -f "tejun build -q -j 2 --no-services -o $T/kout")" ] && { [ $rc = 143 ] || [ $newn = 240 ]; }; then
  ok "SIGTERM to a build -j 2 (exit $rc, $newn of 240 rebuilt): the workers stop too, manifest complete and in step"
else ko "SIGTERM -j 2" "exit $rc; $(state "$T/kout") $(cat "$T/e") ${r:-}"; fi
set +m
# SIGKILL cannot be caught: the manifest then says "building" (never complete and wrong),
# `tejun manifest --check` says so (exit 1), and `tejun manifest` repairs it
sed -i "s/^title: \(.*\)/title: \1 revKILL/" "$T"/k/*.yaml
$TEJUN build -q --no-services -o "$T/kout" "$T"/k/*.yaml >/dev/null 2>&1 & pid=$!
sleep 0.4; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null; rc=$?
$TEJUN manifest --check -o "$T/kout" >/dev/null 2>"$T/e"; crc=$?
if [ $rc = 137 ] && [ "$(state "$T/kout")" = '"state": "building"' ] && [ $crc = 1 ] && grep -q 'manifest.json: error: a build into .* was stopped before it finished' "$T/e"; then
  ok "SIGKILL mid-build: the manifest says \"building\" and --check exits 1"
elif [ $rc = 137 -o $rc = 0 ] && [ "$(state "$T/kout")" = '"state": "complete"' ] && [ $crc = 0 ]; then
  ok "SIGKILL before the first output or after the last (exit $rc): manifest complete and in step"
else ko "SIGKILL mid-build" "exit $rc, check $crc: $(state "$T/kout") $(cat "$T/e")"; fi
sh -c 'exit 0' & dead=$!; wait $dead
touch "$T/kout/box-1/.index.html.tmp-$dead-AbC123" "$T/kout/box-1/.index.html.tmp-$$-XyZ789"
$TEJUN manifest -o "$T/kout" 2>"$T/e"; rc=$?
if [ $rc = 0 ] && $TEJUN manifest --check -o "$T/kout" 2>>"$T/e" && python3 tests/tools/manifest.py "$T/kout" >>"$T/e" 2>&1 && same_build "$T/kout" >>"$T/e" \
   && [ ! -e "$T/kout/box-1/.index.html.tmp-$dead-AbC123" ] && [ -e "$T/kout/box-1/.index.html.tmp-$$-XyZ789" ]; then
  ok "tejun manifest after SIGKILL: in step again; the dead build's temporary file removed, a live writer's kept"
else ko "repair after SIGKILL" "exit $rc $(cat "$T/e")"; fi
rm -f "$T/kout/box-1/.index.html.tmp-$$-XyZ789"
# --check names each output out of step, at its line in the manifest
echo tampered >>"$T/kout/box-2/index.html"; rm "$T/kout/dropbox-3/dropbox-3.md"
$TEJUN manifest --check -o "$T/kout" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 1 ] && grep -qE 'manifest.json:[0-9]+:1: error: the entry for box-2/index.html does not match the file on disk; run `tejun manifest -o [^`]*` \[manifest-stale\]' "$T/e" \
  && grep -qE 'manifest.json:[0-9]+:1: error: dropbox-3/dropbox-3.md is listed but is no longer an output on disk' "$T/e" && [ $(wc -l <"$T/e") = 2 ] \
  && ok "manifest --check names a changed and a removed output, one line each, exit 1" || ko "manifest --check" "$rc $(cat "$T/e")"

# ---- a shared file is parsed once per run (yaml_tree's cache), and still reported and located
# for every manual that includes it: errors and the positions inside its texts, as alone
C=$T/cache; mkdir -p "$C/shared"; cp manuals/shared/catalog.yaml "$C/shared/"
for i in a b c; do printf '%s\npages:\n  - include: shared/ok.yaml\n  - include: shared/warn.yaml\n' "${H/id: h/id: $i}" >"$C/$i.yaml"; done
printf 'pages:\n  - id: ok\n    procedure: 手順\n    body:\n      - text: 本文です。\n' >"$C/shared/ok.yaml"
printf 'pages:\n  - id: w\n    procedure: 手順\n    bogus: 1\n    body:\n      - text: "前文です。ｱｲｳを押す"\n' >"$C/shared/warn.yaml"
alone() { for i in a b c; do $TEJUN build --no-services -o "$T/cout1" "$C/$i.yaml" 2>&1 | grep -v '^tejun build:'; done; }
alone >"$T/alone"
$TEJUN build --no-services -o "$T/cout3" "$C"/[abc].yaml 2>"$T/e"; rc=$?
if [ $rc = 1 ] && [ "$(grep -v '^tejun build:' "$T/e")" = "$(cat "$T/alone")" ] && [ $(grep -c "warn.yaml:4:5: error: unknown key 'bogus'" "$T/e") = 3 ]; then
  ok "a shared file with an error, included by three manuals in one run: reported three times, as alone"
else ko "shared file with an error in one run" "rc $rc; $(cat "$T/e"); alone: $(cat "$T/alone")"; fi
sed -i '/bogus/d' "$C/shared/warn.yaml"
alone >"$T/alone"
rm -rf "$T/cout1"; for i in a b c; do $TEJUN build -q --no-services -o "$T/cout1" "$C/$i.yaml" 2>/dev/null; done
$TEJUN build --no-services -o "$T/cout3" "$C"/[abc].yaml 2>"$T/e"; rc=$?
if [ $rc = 0 ] && [ "$(grep -v '^tejun build:' "$T/e")" = "$(cat "$T/alone")" ] && [ $(grep -c 'warn.yaml:5:21: warning: 「ｱｲｳ」 is half-width katakana' "$T/e") = 3 ] \
   && diff -r "$T/cout1" "$T/cout3" >"$T/d" 2>&1; then
  ok "three manuals with the same shared files in one run: a warning inside a shared text located three times, outputs as built one by one"
else ko "shared files in one run" "rc $rc; $(cat "$T/e" "$T/d"); alone: $(cat "$T/alone")"; fi
if command -v strace >/dev/null; then
  # (LeakSanitizer cannot run under ptrace: off for this run of an ASan build)
  ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 strace -f -qq -e trace=open,openat -o "$T/st" $TEJUN build -q --no-services -o "$T/cout3" "$C"/[abc].yaml 2>/dev/null; rc=$?
  o=$(grep -c 'shared/warn.yaml"' "$T/st")
  if [ $rc = 0 ] && [ "$o" = 1 ]; then ok "a shared file included by three manuals is read once in the run"
  else ko "shared file read once" "rc $rc, opened $o times"; fi
fi

echo "hostile: $n cases"
exit $fail

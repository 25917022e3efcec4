#!/usr/bin/env bash
# tests/hostile/run.sh: hostile inputs. Every case must end with exit 1 (2 for usage and I/O),
# a file:line:col diagnostic where there is a position, no crash, nothing written and earlier
# outputs byte-identical. Prints "ok NAME" / "FAIL NAME" lines; exits 1 on any failure.
# TEJUN=... runs another binary (ASan build, valgrind). HOSTILE_LIGHT=1 skips the big inputs.
set -u
cd "$(dirname "$0")/../.."
TEJUN=${TEJUN:-./tejun}
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
printf '%s\npages:\n  - id: p\n    procedure: "a\0b"\n' "$H" >"$M/nul.yaml"
case_ nul-byte 1 'nul.yaml:8:18: error: NUL byte' "$M/nul.yaml"
mk multidoc "pages: []
---
id: second"
case_ two-documents 1 'multidoc.yaml:7:1: error: a second YAML document' "$M/multidoc.yaml"
mk tabs "pages:
	- id: p"
case_ tab-indent 1 'tabs.yaml:[0-9]+:[0-9]+: error: invalid YAML' "$M/tabs.yaml"

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
case_ javascript-link 1 "jslink.yaml:10:20: error: link 'javascript:alert\(1\)' is not http\(s\)" "$M/jslink.yaml"
printf '%s\npages:\n  - id: p\n    procedure: "\\e[2J\\e]0;pwned\\a手順"\n    titel: x\n    body: []\n' "$H" >"$M/esc.yaml"
case_ terminal-escape 1 "esc.yaml:9:5: error: unknown key 'titel'" "$M/esc.yaml"
if grep -q $'\033' "$T/e"; then ko "terminal-escape: an escape sequence reached stderr"; else ok "terminal-escape: control characters never reach the terminal"; fi
mk unknownref "pages:
  - id: p
    procedure: 手順
    body:
      - text: '{{page:../../etc}} {{step:x}} {{nope:y}}'"
case_ reference-garbage 1 "unknownref.yaml:10:15: error: reference to unknown page" "$M/unknownref.yaml"

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

echo "hostile: $n cases"
exit $fail

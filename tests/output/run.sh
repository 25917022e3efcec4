#!/usr/bin/env bash
# tests/output/run.sh: what tejun prints for terminals and for programs.
#   - on a terminal (a pseudo-terminal, where tejun colours and shows source excerpts) and on
#     pipes, no byte from the data can act on the terminal: file names, diagnostics and their
#     excerpts, the diff, the progress line, usage errors; each is shown as an escape instead;
#   - JSON and SARIF are valid UTF-8 JSON whatever the file names hold, messages are never cut,
#     SARIF is valid against the OASIS schema (formats checked), its URIs are percent-encoded
#     and lead back to the files, and every rule id the code reports is in its rules.
# Prints "ok NAME" / "FAIL NAME" lines; exits 1 on any failure. TEJUN=... runs another binary.
set -u
cd "$(dirname "$0")/../.."
TEJUN=${TEJUN:-./tejun}
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok   output $1"; }
ko() { fail=1; echo "FAIL output $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }
# on MODE NAME CMD...: run under tests/output/onterm.py; what it printed is in $T/out (and
# $T/out.err on pipes), its exit status in $rc; a raw byte is a failure of NAME
on() {
  local mode=$1 name=$2; shift 2
  local r; r=$("$PY" tests/output/onterm.py "$mode" "$T/out" "$@"); local st=$?
  rc=$(printf '%s\n' "$r" | sed -n 's/^rc=//p' | head -1)
  if [ $st != 0 ]; then ko "$name ($mode): raw bytes reached the $mode" "$r"; return 1; fi
  return 0
}
# has FILE TEXT: FILE holds TEXT (fixed string)
has() { grep -qF -- "$2" "$1"; }

# A folder whose name holds ESC (an OSC title sequence), BEL, C1 CSI (U+009B), RLO (U+202E),
# LRI (U+2066) and a byte that is not UTF-8; and how tejun must show it.
D=$T/$'n\e]0;pwn\a\xc2\x9b31m\xe2\x80\xae\xe2\x81\xa6\xff'
SHOWN='n\x1b]0;pwn\x07\u009b31m\u202e\u2066\xff'
mkdir -p "$D/shared" && cp tests/check/shared/catalog.yaml "$D/shared/"
cp tests/check/step-number.yaml "$D/step.yaml"
sed '2s/^title: .*/title: チェック\xe2\x80\xae手順/' tests/check/ok.yaml >"$D/bidi.yaml"   # a raw RLO in the YAML

# ---- diagnostics: the file name, the message, the source excerpt
for mode in tty pipe; do
  if on $mode "check: diagnostics" $TEJUN check "$D/step.yaml" "$D/bidi.yaml"; then
    f=$T/out; [ $mode = pipe ] && f=$T/out.err
    if [ "$rc" = 1 ] && has "$f" "$SHOWN/step.yaml:23:41: error: step 'login-close'" && has "$f" "$SHOWN/bidi.yaml:2:12: error: bidirectional control character U+202E" \
       && { [ $mode = pipe ] || { has "$f" 'title: チェック\u202e手順' && grep -q '^                 \^$' "$f"; }; }; then
      ok "check ($mode): a file name with ESC, C1, bidi and a non-UTF-8 byte is shown escaped$([ $mode = tty ] && echo '; so is the excerpt, and the caret stands under the escape')"
    else ko "check ($mode): escapes shown" "rc=$rc $(cat "$f")"; fi
  fi
done

# ---- usage errors name the command-line word escaped
if on tty "usage" $TEJUN build $'--\e[41m\xc2\x9b\xfe'; then
  [ "$rc" = 2 ] && has "$T/out" "unknown option '--\x1b[41m\u009b\xfe' for build" && ok "usage error: the unknown option is shown escaped" || ko "usage error" "$(cat "$T/out")"
fi

# ---- the build's progress line (a terminal, eight manuals or more) names the files escaped
for i in 1 2 3 4 5 6 7 8; do sed "s/^id: .*/id: m$i/" tests/check/ok.yaml >"$D/m$i.yaml"; done
if on tty "build: progress" $TEJUN build --no-services -o "$T/pb" "$D"/m?.yaml; then
  [ "$rc" = 0 ] && has "$T/out" "[8/8] $T/$SHOWN/m8.yaml" && ok "build: the progress line shows the file names escaped" || ko "build progress" "rc=$rc $(cat "$T/out")"
fi

# ---- a line on success, on a terminal only (and never with -q)
if on tty "build: success line" $TEJUN build -o "$T/ok1" manuals/box.yaml manuals/dropbox.yaml; then
  [ "$rc" = 0 ] && grep -qE "^tejun build: 2 manuals and their service pages written to $T/ok1/ in [0-9]+\.[0-9]{2} s$" "$T/out" \
    && ok "build on a terminal: one line says what was written where, and how long it took" || ko "build success line" "rc=$rc $(cat "$T/out")"
fi
if on tty "build -q" $TEJUN build -q -o "$T/ok1" manuals/box.yaml; then
  [ "$rc" = 0 ] && [ ! -s "$T/out" ] && ok "build -q on a terminal: nothing printed" || ko "build -q" "rc=$rc $(cat "$T/out")"
fi
if on pipe "build: success on a pipe" $TEJUN build -o "$T/ok1" manuals/box.yaml; then
  [ "$rc" = 0 ] && [ ! -s "$T/out" ] && [ ! -s "$T/out.err" ] && ok "build on a pipe: quiet" || ko "build quiet on a pipe" "rc=$rc $(cat "$T/out" "$T/out.err")"
fi
if on tty "checklist: success line" $TEJUN checklist -o "$T/ok1" --service box --service dropbox manuals/box.yaml manuals/dropbox.yaml; then
  [ "$rc" = 0 ] && grep -qE "^tejun checklist: 2 checklists \(PDF and HTML\) written to $T/ok1/checklists/$" "$T/out" \
    && ok "checklist on a terminal: one line says how many and where" || ko "checklist success line" "rc=$rc $(cat "$T/out")"
fi

# ---- tejun diff. A snapshot is read as strictly as YAML: one whose title, change-log rows or
# texts hold C1 or bidirectional controls (crafted, with a recomputed digest) is refused, the
# error naming the file escaped; the file names (which bring ESC) are shown escaped in the diff
mkdir -p "$T/rel/shared" && cp tests/diff/shared/catalog.yaml "$T/rel/shared/"
cp tests/diff/old.yaml "$T/rel/sample.yaml" && $TEJUN release "$T/rel/sample.yaml" >/dev/null 2>&1
cp tests/diff/new.yaml "$T/rel/sample.yaml" && $TEJUN release "$T/rel/sample.yaml" >/dev/null 2>&1
cp "$T/rel/releases/sample@1.0.xml" "$D/old.xml"; cp "$T/rel/releases/sample@1.1.xml" "$D/new.xml"
"$PY" - "$T/rel/releases/sample@1.1.xml" "$D/crafted.xml" <<'EOF2'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
for a, b in [('title="差分テスト手順"', 'title="差分\u009b31m\u202eテスト\u2067手順"'), (">手順の見直し<", ">手順の\u202e見直し\u009b2J<")]:
    assert a in s, a
    s = s.replace(a, b)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF2
dg=$($TEJUN diff "$D/crafted.xml" "$D/crafted.xml" 2>&1 | LC_ALL=C sed -n 's/.*computed \(sha256:[0-9a-f]*\)).*/\1/p' | head -1)
[ -n "$dg" ] && sed -i "s/digest=\"sha256:[0-9a-f]*\"/digest=\"$dg\"/" "$D/crafted.xml"
for mode in tty pipe; do
  if on $mode "diff: a crafted snapshot" $TEJUN diff "$D/old.xml" "$D/crafted.xml"; then
    f=$T/out; [ $mode = pipe ] && f=$T/out.err
    [ "$rc" = 1 ] && has "$f" "$T/$SHOWN/crafted.xml:2:1: error: <publication>: attribute 'title' holds a control character" \
      && ok "diff ($mode): a snapshot holding C1 and bidirectional controls is refused, its name shown escaped" || ko "diff ($mode): crafted snapshot" "rc=$rc $(cat "$f")"
  fi
  if on $mode "diff: text" $TEJUN diff "$D/old.xml" "$D/new.xml"; then
    [ "$rc" = 0 ] && has "$T/out" "差分テスト手順: 第1.0版 ($T/$SHOWN/old.xml) → 第1.1版 ($T/$SHOWN/new.xml)" \
      && ok "diff ($mode): the sides' file names shown escaped" || ko "diff ($mode): escapes shown" "rc=$rc $(cat "$T/out" "$T/out.err" 2>/dev/null)"
  fi
done
# a document printed on a terminal goes through the escaper too: with plain data, the same bytes
if on tty "diff --format=markdown" $TEJUN diff --format=markdown "$D/old.xml" "$D/new.xml"; then
  $TEJUN diff --format=markdown "$D/old.xml" "$D/new.xml" >"$T/d.md" 2>/dev/null
  [ "$rc" = 0 ] && [ -s "$T/d.md" ] && cmp -s "$T/out" "$T/d.md" && ok "diff --format=markdown on a terminal: the same document as on a pipe" || ko "diff markdown tty" "$(diff "$T/out" "$T/d.md" | head -5)"
fi

# a checklist's XML on a terminal goes through the same escaper: with plain data, the same text
if on tty "checklist --emit=xml" $TEJUN checklist --emit=xml --service box manuals/box.yaml; then
  $TEJUN checklist --emit=xml --service box manuals/box.yaml >"$T/cl.xml" 2>/dev/null
  [ "$rc" = 0 ] && cmp -s "$T/out" "$T/cl.xml" && ok "checklist --emit=xml on a terminal: the same document as on a pipe" || ko "checklist xml tty" "$(diff "$T/out" "$T/cl.xml" | head -5)"
fi

# ---- JSON and SARIF: valid UTF-8 JSON, control characters escaped (also on a terminal)
long=$(printf 'あ%.0s' $(seq 1000)); long80=$(printf 'あ%.0s' $(seq 80))
sed "s/「\*\*三要素認証設定マニュアル\*\*」/「${long}マニュアル」/" tests/check/doc-unknown.yaml >"$D/long.yaml"
if on tty "check --format=json" $TEJUN check --format=json "$D/step.yaml" "$D/long.yaml"; then
  if "$PY" - "$T/out" "$long" <<'EOF'
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
f = [x for x in d["findings"] if x["rule"] == "doc-unknown" and sys.argv[2][:80] in x["message"]]
assert f and f[0]["message"].startswith("「" + sys.argv[2][:80] + "…」 is not a document"), d["findings"]
assert f[0]["message"].endswith("or correct the title"), f[0]["message"][-80:]
s = [x for x in d["findings"] if x["rule"] == "step-number"]
assert s and s[0]["file"].endswith("n\x1b]0;pwn\x07\u009b31m\u202e\u2066\ufffd/step.yaml"), s
EOF
  then ok "check --format=json: a 3,000-byte title quoted as its first 80 characters and …, the message whole after it, a file name with controls escaped and a non-UTF-8 byte as U+FFFD, on a terminal too"
  else ko "check --format=json" "$(head -c 2000 "$T/out")"; fi
fi
tj() { $TEJUN "$@" >"$T/o" 2>"$T/e"; rc=$?; }
# a literal page reference of 300 full-width digits: quoted in the message cut on a character
d300=$(printf '１%.0s' $(seq 300))
sed "s/準備を行います。/P1${d300}を参照/" tests/check/ok.yaml >"$D/lit.yaml"
tj check --format=json "$D/lit.yaml"
"$PY" -c '
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
m = [f["message"] for f in d["findings"] if f["rule"] == "literal-ref-untied"][0]
assert m.startswith("「P1１１") and "１…」 is a literal page reference" in m, m' "$T/o" 2>"$T/py" \
  && ok "check --format=json: a 900-byte literal quoted in a message is cut on a character, with …" || ko "long literal" "$(cat "$T/py")"
tj check --format=json "$D/long.yaml"; cp "$T/o" "$T/long.json"
tj check "$D/long.yaml"
has "$T/e" "「${long80}…」 is not a document of the catalog; add it to shared/catalog.yaml \`documents\`, or correct the title" && ok "check: a 3,000-byte title quoted as 80 characters and …, the rest of the message whole" || ko "long message text" "$(head -c 600 "$T/e")"

# ---- SARIF: the OASIS schema with formats checked, for every kind of finding and file name
S=$T/sarif; mkdir -p "$S"
n=0
for y in tests/check/*.yaml tests/bad/*.yaml; do
  n=$((n + 1)); $TEJUN check --format=sarif "$y" >"$S/$n.sarif" 2>/dev/null
done
# file names with '#', space, '%', '?', ':' first, non-ASCII and a non-UTF-8 byte, given
# absolute (file: URIs) and relative (against %SRCROOT%)
W="$T/"$'a #b/c d%e/f?g/h:i/日本語/\xff\xfe'
mkdir -p "$W/shared" && cp tests/check/shared/catalog.yaml "$W/shared/"
cp tests/check/step-number.yaml "$W/x #1.yaml"; cp tests/check/ok.yaml "$W/ok.yaml"; cp "$D/long.yaml" "$W/long.yaml"
printf 'id: [\n' >"$W/syntax.yaml"
rel=$(realpath --relative-to=. "$W")
$TEJUN check --format=sarif "$W/x #1.yaml" >"$S/abs.sarif" 2>/dev/null
$TEJUN check --format=sarif "$rel/x #1.yaml" >"$S/rel.sarif" 2>/dev/null
for f in "$W/ok.yaml" "$rel/long.yaml" "$W/syntax.yaml" "$D/step.yaml" "$D/bidi.yaml"; do
  n=$((n + 1)); $TEJUN check --format=sarif "$f" >"$S/$n.sarif" 2>/dev/null
done
$TEJUN check --format=sarif "$W"/*.yaml "$D/step.yaml" >"$S/all.sarif" 2>/dev/null
if r=$("$PY" tests/output/sarif.py tests/schema/sarif-schema-2.1.0.json "$S"/*.sarif 2>&1); then ok "SARIF: $r"
else ko "SARIF against the OASIS schema" "$r"; fi
"$PY" - "$S/abs.sarif" "$S/rel.sarif" <<'EOF' && ok "SARIF: the uri of a file name is percent-encoded (file: URI when absolute, relative to %SRCROOT% otherwise)" || ko "SARIF uri" "$(grep -ho '"artifactLocation": {[^}]*}' "$S/abs.sarif" "$S/rel.sarif" | head -4)"
import json, sys
a = json.load(open(sys.argv[1]))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
b = json.load(open(sys.argv[2]))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
tail = "/a%20%23b/c%20d%25e/f%3Fg/h%3Ai/%E6%97%A5%E6%9C%AC%E8%AA%9E/%FF%FE/x%20%231.yaml"
assert a["uri"].startswith("file:///") and a["uri"].endswith(tail) and "uriBaseId" not in a, a
assert not b["uri"].startswith("file:") and b["uri"].endswith(tail) and b["uriBaseId"] == "%SRCROOT%", b
EOF

# ---- every rule id in gen/*.c is in SARIF's rules and in --list-rules, and the tables hold no other
$TEJUN check --format=sarif tests/check/ok.yaml >"$T/rules.sarif" 2>/dev/null
$TEJUN check --list-rules >"$T/rules.txt"
if r=$("$PY" tests/output/ruleids.py gen "$T/rules.sarif" "$T/rules.txt" 2>&1); then ok "rule ids: $r"; else ko "rule ids in the code vs the tables" "$r"; fi

exit $fail

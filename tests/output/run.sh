#!/usr/bin/env bash
# tests/output/run.sh: what tejun prints for terminals. On a terminal (a pseudo-terminal, where
# tejun colours and shows source excerpts) and on pipes, no byte from the data can act on the
# terminal: file names, diagnostics and their excerpts, the diff, the progress line, usage
# errors; each is shown as an escape instead.
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
if on tty "build: progress" $TEJUN build -o "$T/pb" "$D"/m?.yaml; then
  [ "$rc" = 0 ] && has "$T/out" "[8/8] $T/$SHOWN/m8.yaml" && ok "build: the progress line shows the file names escaped" || ko "build progress" "rc=$rc $(cat "$T/out")"
fi

# ---- tejun diff: two crafted snapshots whose titles, change-log rows and step texts hold C1
# and bidirectional controls (XML cannot hold ESC; the file names bring it)
mkdir -p "$T/rel/shared" && cp tests/diff/shared/catalog.yaml "$T/rel/shared/"
cp tests/diff/old.yaml "$T/rel/sample.yaml" && $TEJUN release "$T/rel/sample.yaml" >/dev/null 2>&1
cp tests/diff/new.yaml "$T/rel/sample.yaml" && $TEJUN release "$T/rel/sample.yaml" >/dev/null 2>&1
"$PY" - "$T/rel/releases/sample@1.0.xml" "$D/old.xml" "$T/rel/releases/sample@1.1.xml" "$D/new.xml" <<'EOF'
import sys
def craft(src, dst, edits):
    s = open(src, encoding="utf-8").read()
    for a, b in edits:
        assert a in s, a
        s = s.replace(a, b)
    open(dst, "w", encoding="utf-8").write(s)
title = [('title="差分テスト手順"', 'title="差分\u009b31m\u202eテスト\u2067手順"')]
craft(sys.argv[1], sys.argv[2], title + [("このページは削除されます。", "この\u202eページは\u009b2J削除されます。")])
craft(sys.argv[3], sys.argv[4], title + [(">手順の見直し<", ">手順の\u202e見直し\u009b2J<"), ("新しいページです。", "新しい\u2066ページ\u200fです。")])
EOF
for x in old new; do   # the digest of the crafted content, as tejun computes it
  dg=$($TEJUN diff "$D/$x.xml" "$D/$x.xml" 2>&1 | LC_ALL=C sed -n 's/.*computed \(sha256:[0-9a-f]*\)).*/\1/p' | head -1)
  [ -n "$dg" ] && sed -i "s/digest=\"sha256:[0-9a-f]*\"/digest=\"$dg\"/" "$D/$x.xml"
done
for mode in tty pipe; do
  if on $mode "diff: text" $TEJUN diff "$D/old.xml" "$D/new.xml"; then
    if [ "$rc" = 0 ] && has "$T/out" "差分\u009b31m\u202eテスト\u2067手順: 第1.0版 ($T/$SHOWN/old.xml) → 第1.1版 ($T/$SHOWN/new.xml)" \
       && has "$T/out" '変更履歴 第1.1版 2024-06-01 手順の\u202e見直し\u009b2J' && has "$T/out" 'para removed: [-この\u202eページは\u009b2J削除されます。-]' \
       && has "$T/out" 'para added: {+新しい\u2066ページ\u200fです。+}'; then
      ok "diff ($mode): title, labels, change-log rows and texts from crafted snapshots shown escaped"
    else ko "diff ($mode): escapes shown" "rc=$rc $(cat "$T/out" "$T/out.err" 2>/dev/null)"; fi
  fi
done
# a document on a terminal is escaped too; on a pipe it is the document, byte for byte
if on tty "diff --format=markdown" $TEJUN diff --format=markdown "$D/old.xml" "$D/new.xml"; then
  has "$T/out" '新しい\u2066ページ\u200fです。' && ok "diff --format=markdown on a terminal: shown escaped" || ko "diff markdown tty" "$(cat "$T/out")"
fi
$TEJUN diff --format=markdown "$D/old.xml" "$D/new.xml" >"$T/d.md" 2>/dev/null
grep -q $'新しい\u2066ページ\u200fです。' "$T/d.md" && ok "diff --format=markdown to a pipe: the document as it is (not escaped)" || ko "diff markdown pipe" "$(head -5 "$T/d.md")"

# a checklist's XML on a terminal goes through the same escaper: with plain data, the same text
if on tty "checklist --emit=xml" $TEJUN checklist --emit=xml --service box manuals/box.yaml; then
  $TEJUN checklist --emit=xml --service box manuals/box.yaml >"$T/cl.xml" 2>/dev/null
  [ "$rc" = 0 ] && cmp -s "$T/out" "$T/cl.xml" && ok "checklist --emit=xml on a terminal: the same document as on a pipe" || ko "checklist xml tty" "$(diff "$T/out" "$T/cl.xml" | head -5)"
fi

exit $fail

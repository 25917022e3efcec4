#!/usr/bin/env bash
# tests/watch/run.sh: `tejun watch` on a copy of the manuals, edited under it as editors save
# (in place, a new file renamed over the old one, a backup renamed away then a new file), a
# shared page, a manual broken then fixed, the catalog, a template (changed, broken, fixed), a
# new file; for each: the line it prints, which outputs were rewritten (mtime) and which changed
# (SHA-256), read from out/manifest.json. Then SIGINT and SIGTERM: exit 130 and 143 with a
# manifest in step. Prints "ok NAME" / "FAIL NAME" lines; exits 1 on any failure.
# TEJUN=... runs another binary (ASan build, valgrind); WATCH_TIMEOUT=S per wait (default 10,
# 120 under valgrind).
set -u
cd "$(dirname "$0")/../.."
TEJUN=${TEJUN:-./tejun}
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
case $TEJUN in *valgrind*) TIMEOUT=${WATCH_TIMEOUT:-120} ;; *) TIMEOUT=${WATCH_TIMEOUT:-10} ;; esac
T=$(mktemp -d)
WPID=
stop_watch() { [ -n "$WPID" ] && kill -KILL "$WPID" 2>/dev/null; [ -n "$WPID" ] && wait "$WPID" 2>/dev/null; WPID=; }
trap 'stop_watch; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP   # the EXIT trap then kills the watch
fail=0 n=0
ok() { n=$((n + 1)); echo "ok   watch $1"; }
ko() { n=$((n + 1)); fail=1; echo "FAIL watch $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -30; }

# The copy: the manuals and their shared pages (not the releases: an edit would then be
# release-unbumped), the templates.
M=$T/m; OUT=$T/out; TPL=$T/tpl
mkdir -p "$M"
cp manuals/*.yaml "$M/" && cp -r manuals/shared "$M/" && cp -r templates "$TPL"
manual_id() { sed -n 's/^id: *//p' "$1" | head -1; }
mapfile -t FILES < <(ls "$M"/*.yaml)
ALL=$(for f in "${FILES[@]}"; do manual_id "$f"; done | sort | tr '\n' ' ')
A=${FILES[0]}; B=${FILES[1]}; AID=$(manual_id "$A"); BID=$(manual_id "$B")
# a shared page that some manuals include and others do not: those are the ones it rebuilds
S= INC=
for s in "$M"/shared/*.yaml; do
  inc=$(for f in "${FILES[@]}"; do grep -q "include: *shared/$(basename "$s")" "$f" && manual_id "$f"; done | sort | tr '\n' ' ')
  k=$(echo $inc | wc -w)
  if [ "$k" -ge 2 ] && [ "$k" -lt "${#FILES[@]}" ]; then S=$s INC=$inc; break; fi
done

# outputs of the manifest: "path manual sha256 mtime"
snap() {
  "$PY" - "$OUT" >"$1" <<'EOF'
import hashlib, json, os, sys
d = sys.argv[1]
for o in json.load(open(os.path.join(d, "manifest.json")))["outputs"]:
    p = os.path.join(d, o["path"])
    print(o["path"], o["manual"], hashlib.sha256(open(p, "rb").read()).hexdigest(), os.stat(p).st_mtime_ns)
EOF
}
# diff BEFORE AFTER: "REWRITTEN|CHANGED", the manuals with an output rewritten | changed
delta() {
  "$PY" - "$1" "$2" <<'EOF'
import sys
def rows(f): return {l.split()[0]: l.split()[1:] for l in open(f)}
a, b = rows(sys.argv[1]), rows(sys.argv[2])
rw = sorted({b[p][0] for p in b if p not in a or a[p][2] != b[p][2]} | {a[p][0] for p in a if p not in b})
ch = sorted({b[p][0] for p in b if p not in a or a[p][1] != b[p][1]} | {a[p][0] for p in a if p not in b})
print(" ".join(rw) + " |" + "".join(" " + m for m in ch))
EOF
}
# The rebuild lines of the log ("tejun watch: HH:MM:SS ...").
lines() { grep -c '^tejun watch: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] ' "$T/log"; }
# wait_line N: until the log holds N rebuild lines (then LINE is the Nth), the watch ends or
# the time is up (polling, no fixed sleep)
wait_line() {
  local i=0
  while [ "$(lines)" -lt "$1" ]; do
    [ $i -ge $((TIMEOUT * 20)) ] && { LINE="(no line after ${TIMEOUT}s)"; return 1; }
    kill -0 "$WPID" 2>/dev/null || { LINE="(the watch ended)"; return 1; }
    sleep 0.05; i=$((i + 1))
  done
  LINE=$(grep '^tejun watch: [0-9][0-9]:[0-9][0-9]:[0-9][0-9] ' "$T/log" | sed -n "$1p")
}
# start the watch in the background, with job control so that SIGINT is not ignored
start() {
  : >"$T/log"
  set -m
  # (under ASan, no quarantine: it would keep freed memory resident, and the size is measured)
  ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=0" $TEJUN watch -o "$OUT" --templates "$TPL" "$@" >"$T/stdout" 2>"$T/log" &
  WPID=$!
  set +m
  NL=0
}
# edit NAME EXPECT-REWRITTEN EXPECT-CHANGED LINE-PATTERN CMD...: runs CMD, waits for the next
# line, which must match the pattern; the manuals rewritten and changed must be exactly those
edit() {
  local name=$1 want_rw=$2 want_ch=$3 pat=$4; shift 4
  snap "$T/before"
  "$@"
  NL=$((NL + 1))
  if ! wait_line $NL; then NL=$(lines); ko "$name: $LINE" "$(tail -5 "$T/log")"; return; fi
  snap "$T/after"
  local got; got=$(delta "$T/before" "$T/after")
  want_rw=$(printf '%s\n' $want_rw | LC_ALL=C sort | tr '\n' ' '); want_ch=$(printf '%s\n' $want_ch | LC_ALL=C sort | tr '\n' ' ')
  local want; want="$(echo $want_rw) |$(for x in $want_ch; do printf ' %s' "$x"; done)"
  if ! grep -qE -- "$pat" <<<"$LINE"; then ko "$name: line" "want /$pat/, got: $LINE"
  elif [ "$got" != "$want" ]; then ko "$name: outputs (rewritten | changed)" "want: $want"$'\n'"got:  $got"$'\n'"$LINE"
  else ok "$name ($(echo $want_rw | wc -w) manual(s) rebuilt): $LINE"; fi
}
# the editors' ways of saving
title() { sed "s/^title: \(.*\)$/title: \1（$2）/" "$1"; }                 # a change every output shows
inplace() { title "$1" "$2" >"$T/new" && cat "$T/new" >"$1"; }             # truncate and write (VS Code, nano)
renamed() { title "$1" "$2" >"$(dirname "$1")/.$(basename "$1").tmp" && mv "$(dirname "$1")/.$(basename "$1").tmp" "$1"; }   # temp + rename
backup() { mv "$1" "$1~" && title "$1~" "$2" >"$1"; }                       # vim with a backup: rename away, write anew
note() {   # appends to the first plain text or note of a shared page
  "$PY" - "$1" "$2" <<'EOF'
import re, sys
p, add = sys.argv[1], sys.argv[2]
s = open(p, encoding="utf-8").read().split("\n")
for i, l in enumerate(s):
    if re.match(r'^\s*- (text|note): [^"\'|>{\[].*[^"\'\s]$', l):
        s[i] = l + add
        break
else:
    sys.exit("no plain text line in " + p)
open(p + ".new", "w", encoding="utf-8").write("\n".join(s))
EOF
  mv "$1.new" "$1"
}

if [ -z "$S" ]; then ko "a shared page included by some manuals and not all (none found in manuals/)"; fi

start "${FILES[@]}"
if wait_line 1 && grep -qE "first build: built .*; [0-9]+ files written, 0 errors, 0 warnings$" <<<"$LINE"; then
  ok "first build: $LINE"
else ko "first build" "$LINE $(cat "$T/log")"; stop_watch; echo "watch: $n cases"; exit 1; fi
NL=1
# the first line is out once the watches are in place
i=0; until grep -q '^tejun watch: watching ' "$T/log" || [ $i -ge $((TIMEOUT * 20)) ]; do sleep 0.05; i=$((i + 1)); done
grep -qE '^tejun watch: watching [0-9]+ files and the templates, in [0-9]+ folders; Ctrl-C stops$' "$T/log" && ok "it says what it watches" || ko "watching line" "$(cat "$T/log")"
# between rebuilds the watch holds no lock on the folder: other runs go on at once
timeout 20 $TEJUN manifest --check -o "$OUT" >/dev/null 2>&1 && ok "the first build left the manifest in step, and --check does not wait for the idle watch" || ko "manifest after the first build (exit $?; 124: it waited for the watch's lock)"
timeout 60 $TEJUN build -o "$OUT" "$A" >"$T/o" 2>&1 && timeout 20 $TEJUN manifest --check -o "$OUT" >/dev/null 2>&1 \
  && ok "a build into the watched folder while the watch waits runs at once" || ko "build beside an idle watch (exit $?)" "$(cat "$T/o")"

q() { sed 's/[][\.*^$/+?(){}|]/\\&/g' <<<"$1"; }   # a literal in a pattern
edit "a manual saved in place" "$AID" "$AID" "$(q "$A") changed: built $AID; [0-9]+ files written, 0 errors, 0 warnings$" inplace "$A" w1
edit "a manual saved as a new file renamed over it" "$BID" "$BID" "$(q "$B") changed: built $BID; [0-9]+ files written, 0 errors, 0 warnings$" renamed "$B" w2
edit "a manual saved after renaming it to a backup" "$AID" "$AID" "$(q "$A") changed: built $AID; [0-9]+ files written" backup "$A" w3
if [ -n "$S" ]; then
  edit "a shared page rebuilds exactly the manuals that include it ($INC)" "$INC" "$INC" "$(q "$S") changed: built [a-z0-9, -]+; [0-9]+ files written, 0 errors" note "$S" 追記
  for x in $INC; do grep -q "built.*\b$x\b" <<<"$LINE" || ko "the line names $x" "$LINE"; done
fi

# a manual broken: its outputs stay, the diagnostic comes before the line; fixed: built again
cp "$A" "$T/good"
edit "a manual broken keeps its outputs" "" "" "$(q "$A") changed: not built: $AID \(outputs kept\); 0 files written, 1 error, 0 warnings$" sh -c "printf 'bogus_key: 1\n' >>'$A'"
grep -B1 "not built: $AID" "$T/log" | head -1 | grep -qE "^$(q "$A"):[0-9]+:1: error: unknown key 'bogus_key' in the manual" \
  && ok "the error is printed before the line, as file:line:col: error: … [rule]" || ko "diagnostic before the line" "$(tail -4 "$T/log")"
edit "the save that fixes it builds it" "$AID" "" "$(q "$A") changed: built $AID; [0-9]+ files written, 0 errors, 0 warnings$" cp "$T/good" "$A"
kill -0 "$WPID" 2>/dev/null && ok "the watch kept running through the error" || ko "the watch ended"

edit "the catalog rebuilds every manual" "$ALL" "" "catalog.yaml changed: built " sh -c "printf '# touched\n' >>'$M/shared/catalog.yaml'"
edit "a template rebuilds every manual, with the new stylesheet" "$ALL" "$ALL" "html.xsl changed: built " \
  sed -i 's|<head>|<head><meta name="tejun-watch-test" content="1"/>|' "$TPL/html.xsl"
grep -q 'name="tejun-watch-test"' "$OUT/$AID/index.html" && ok "the new stylesheet was parsed again and applied" || ko "template not re-read"
cp "$TPL/html.xsl" "$T/xsl"
edit "a template broken builds nothing" "" "" "html.xsl changed: nothing built \(the templates have errors\); 0 files written, 1 error" sh -c "printf '<broken' >>'$TPL/html.xsl'"
edit "the template fixed rebuilds every manual" "$ALL" "" "html.xsl changed: built " cp "$T/xsl" "$TPL/html.xsl"
edit "a new YAML file (the set of files changed) rebuilds every manual" "$ALL" "" "watch-new.yaml changed: built " sh -c "printf 'pages: []\n' >'$M/shared/watch-new.yaml'"
# a folder replaced (removed, then put back): nothing to build without it, everything once it
# is back, and a save in it is seen again (its watch is added again)
cp -r "$M/shared" "$T/shared.bak"
edit "the shared folder removed builds nothing" "" "" "nothing built \(the catalog has errors\); 0 files written, 1 error" rm -rf "$M/shared"
edit "the shared folder put back rebuilds every manual" "$ALL" "" "shared changed: built " mv "$T/shared.bak" "$M/shared"
[ -n "$S" ] && edit "a save in the folder put back is seen" "$INC" "$INC" "$(q "$S") changed: built [a-z0-9, -]+; [0-9]+ files written, 0 errors" note "$S" 再追記
# files no manual reads (an editor's swap file, a README) rebuild nothing and print no line
printf 'x' >"$M/.$(basename "$A").swp"; printf 'x' >"$M/shared/notes.txt"
sleep 0.4
[ "$(lines)" = "$NL" ] && ok "an editor's swap file and a text file rebuild nothing" || ko "unrelated files rebuilt" "$(tail -2 "$T/log")"

# memory stays flat over rebuilds: 20 saves, then the resident size against that after the first 5
if [[ "$TEJUN" != *valgrind* ]]; then
  rss() { awk '/^VmRSS:/ {print $2}' /proc/"$WPID"/status; }
  for k in $(seq 1 25); do
    inplace "$B" "m$k"; NL=$((NL + 1)); wait_line $NL || { NL=$(lines); ko "rebuild $k: $LINE"; break; }
    [ $k = 5 ] && r5=$(rss)
  done
  r25=$(rss)
  if [ -n "${r5:-}" ] && [ -n "$r25" ] && [ $((r25 * 100)) -le $((r5 * 110)) ]; then ok "memory flat over 20 rebuilds: resident ${r5} kB after 5, ${r25} kB after 25"
  else ko "memory grows over rebuilds" "${r5:-?} kB after 5, ${r25:-?} kB after 25"; fi
fi
grep -q $'\033' "$T/log" && ko "colour in the log (not a terminal)" || ok "no colour when not a terminal"

# SIGINT: exit 130, the manifest in step, no temporary file or journal left
kill -INT "$WPID"; wait "$WPID"; rc=$?; WPID=
leftover=$(find "$OUT" -name '.*tmp-*' -o -name '.tejun-commit-*')
if [ $rc = 130 ] && $TEJUN manifest --check -o "$OUT" >"$T/o" 2>&1 && [ -z "$leftover" ]; then ok "SIGINT ends it with 130, the manifest in step"
else ko "SIGINT" "exit $rc $(cat "$T/o") $leftover $(tail -3 "$T/log")"; fi

# under ASan or valgrind: nothing reported (memcheck's leak check runs at the signal's exit)
if grep -qE 'AddressSanitizer|runtime error|LeakSanitizer|^==[0-9]+== ' "$T/log"; then ko "sanitizer or memcheck report" "$(grep -E -m5 'AddressSanitizer|runtime error|LeakSanitizer|^==[0-9]+== ' "$T/log")"
else ok "no sanitizer or memcheck report over $NL rebuilds"; fi

# SIGTERM just after a save, during the wait for quiet or the rebuild: 143, the manifest in step
start "${FILES[@]}"
if wait_line 1; then
  inplace "$A" t1; sleep 0.12; kill -TERM "$WPID"; wait "$WPID"; rc=$?; WPID=
  if [ $rc = 143 ] && $TEJUN manifest --check -o "$OUT" >"$T/o" 2>&1 && [ -z "$(find "$OUT" -name '.*tmp-*')" ]; then ok "SIGTERM during a rebuild ends it with 143, the manifest in step"
  else ko "SIGTERM" "exit $rc $(cat "$T/o") $(tail -3 "$T/log")"; fi
else ko "second start" "$LINE"; stop_watch; fi

# usage errors
for bad in "--emit=xml" "--depfile $T/d" "--no-manifest" "-j 2"; do
  $TEJUN watch $bad "$A" >/dev/null 2>"$T/e"; rc=$?
  [ $rc = 2 ] && grep -q "^tejun: watch" "$T/e" && ok "watch $bad: usage error (2)" || ko "watch $bad" "$rc $(cat "$T/e")"
done
$TEJUN watch -o "$OUT" box@2.0 >/dev/null 2>"$T/e"; rc=$?
[ $rc = 2 ] && grep -q "not releases" "$T/e" && ok "watch of a release: usage error (2)" || ko "watch release" "$rc $(cat "$T/e")"
$TEJUN watch --templates "$T/none" -o "$OUT" "$A" >/dev/null 2>"$T/e"; rc=$?
[ $rc = 2 ] && grep -q "templates folder not found" "$T/e" && ok "a missing templates folder: 2" || ko "missing templates" "$rc $(cat "$T/e")"
$TEJUN watch --help | grep -q '^usage: tejun watch' && $TEJUN build --watch --help | grep -q '^usage: tejun watch' && ok "watch --help, build --watch --help" || ko "help"

echo "watch: $n cases"
exit $fail

#!/usr/bin/env bash
# tests/cli/run.sh: the command line, the same for every command (gen/cmd.c, getopt_long):
# --opt=value and --opt value both work; a missing value says "option '--opt' needs a value";
# an unknown option names itself and points at `tejun CMD --help`; usage errors exit 2.
# The options of each command are read from its --help, not pinned here.
# Prints one line per check, "ok NAME" or "FAIL NAME" (with what went wrong); exits 1 on a failure.
set -u
cd "$(dirname "$0")/../.."
TEJUN=${TEJUN:-./tejun}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok $1"; }
ko() { echo "FAIL $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20 | sed 's/^/    /'; fails=$((fails + 1)); }
tj() { $TEJUN "$@" >"$T/o" 2>"$T/e"; rc=$?; }
COMMANDS=$($TEJUN --help | sed -n 's/^  \([a-z]*\) .*/\1/p' | grep -v '^help$'; echo watch)

# ---- every option that takes a value, of every command: a missing value, and --opt=value
for cmd in $COMMANDS; do
  help=$($TEJUN help "$cmd")
  [ -n "$help" ] || { ko "$cmd: help" ""; continue; }
  tj "$cmd" --bogus-option x.yaml
  [ $rc = 2 ] && grep -qx "tejun: unknown option '--bogus-option' for $cmd" "$T/e" && grep -qx "Try 'tejun $cmd --help'." "$T/e" \
    && ok "$cmd: an unknown option names itself and '$cmd --help'" || ko "$cmd: unknown option" "$rc $(cat "$T/e")"
  tj "$cmd" -Z x.yaml
  [ $rc = 2 ] && grep -qx "tejun: unknown option '-Z' for $cmd" "$T/e" && ok "$cmd: an unknown short option" || ko "$cmd: unknown short option" "$rc $(cat "$T/e")"
  opts=$(printf '%s\n' "$help" | grep -oE '^ +(-[a-z], )?--[a-z-]+(=| )([A-Z][A-Z.]*|xml)\b' | sed -E 's/^ +(-[a-z], )?--([a-z-]+).*/\2/')
  for opt in $opts; do
    tj "$cmd" "--$opt"
    [ $rc = 2 ] && grep -qx "tejun: option '--$opt' needs a value" "$T/e" && grep -qx "Try 'tejun $cmd --help'." "$T/e" \
      && ok "$cmd --$opt without a value" || ko "$cmd --$opt without a value" "$rc $(cat "$T/e")"
  done
  short=$(printf '%s\n' "$help" | grep -oE '^ +-[a-z], --[a-z-]+ [A-Z]' | sed -E 's/^ +-([a-z]).*/\1/')
  for s in $short; do
    tj "$cmd" "-$s"
    [ $rc = 2 ] && grep -qx "tejun: option '-$s' needs a value" "$T/e" && ok "$cmd -$s without a value" || ko "$cmd -$s without a value" "$rc $(cat "$T/e")"
  done
  flags=$(printf '%s\n' "$help" | grep -oE '^ +(-[a-z], )?--[a-z-]+( {2,}|$)' | sed -E 's/^ +(-[a-z], )?--([a-z-]+).*/\2/' | grep -v '^help$')
  for f in $flags; do
    tj "$cmd" "--$f=1" x.yaml
    [ $rc = 2 ] && grep -qx "tejun: option '--$f' takes no value" "$T/e" && ok "$cmd --$f=1 is refused" || ko "$cmd --$f=1" "$rc $(cat "$T/e")"
  done
done

# ---- --opt=value and --opt value do the same, for each command
B=manuals/box.yaml
prev=$(ls manuals/releases/box@*.xml | sort -V | tail -2 | head -1 | sed 's/.*@\(.*\)\.xml/box@\1/')
$TEJUN diff --output="$T/d1" "$prev" "$B" 2>"$T/e"; r1=$?
$TEJUN diff --output "$T/d2" "$prev" "$B" 2>>"$T/e"; r2=$?
$TEJUN diff -o"$T/d3" "$prev" "$B" 2>>"$T/e"; r3=$?
[ $r1 = 0 ] && [ $r2 = 0 ] && [ $r3 = 0 ] && [ -n "$(ls "$T/d1")" ] && diff -r "$T/d1" "$T/d2" >/dev/null && diff -r "$T/d1" "$T/d3" >/dev/null \
  && ok "diff --output=DIR, --output DIR and -oDIR write the same redlines" || ko "diff --output=DIR" "$r1 $r2 $r3 $(cat "$T/e")"
$TEJUN diff --format=markdown "$prev" "$B" >"$T/m1" 2>/dev/null; $TEJUN diff --format markdown "$prev" "$B" >"$T/m2" 2>/dev/null
[ -s "$T/m1" ] && cmp -s "$T/m1" "$T/m2" && ok "diff --format=markdown and --format markdown" || ko "diff --format markdown"
$TEJUN check --format=json "$B" >"$T/j1" 2>/dev/null; $TEJUN check --format json "$B" >"$T/j2" 2>/dev/null
[ -s "$T/j1" ] && cmp -s "$T/j1" "$T/j2" && ok "check --format=json and --format json" || ko "check --format json"
$TEJUN build --emit=xml "$B" >"$T/x1" 2>/dev/null; $TEJUN build --emit xml "$B" >"$T/x2" 2>/dev/null
[ -s "$T/x1" ] && cmp -s "$T/x1" "$T/x2" && ok "build --emit=xml and --emit xml" || ko "build --emit xml"
$TEJUN build -q --no-manifest --output="$T/b1" "$B" 2>"$T/e"; $TEJUN build -q --no-manifest -o "$T/b2" "$B" 2>>"$T/e"
[ -s "$T/b1/box/index.html" ] && diff -r "$T/b1" "$T/b2" >/dev/null && ok "build --output=DIR and -o DIR" || ko "build --output=DIR" "$(cat "$T/e")"
$TEJUN manifest --output="$T/b1" 2>"$T/e" && $TEJUN manifest --check --output "$T/b1" 2>>"$T/e" && ok "manifest --output=DIR and --output DIR" || ko "manifest --output" "$(cat "$T/e")"
svc=$(sed -n 's/^services: \[\([a-z0-9-]*\).*/\1/p' "$B")
$TEJUN checklist --emit=xml --service="$svc" manuals/*.yaml >"$T/c1" 2>/dev/null; $TEJUN checklist --emit xml --service "$svc" manuals/*.yaml >"$T/c2" 2>/dev/null
[ -s "$T/c1" ] && cmp -s "$T/c1" "$T/c2" && ok "checklist --service=ID and --service ID" || ko "checklist --service"
tj build -j4 -q --no-manifest -o "$T/b3" "$B"; [ $rc = 0 ] && diff -r "$T/b1/box" "$T/b3/box" >/dev/null && ok "build -j4 (a value glued to its short option)" || ko "build -j4" "$rc $(cat "$T/e")"

# ---- files and options in any order; `--` ends the options
tj check "$B" --format=json; [ $rc = 0 ] && cmp -s "$T/o" "$T/j1" && ok "check: an option after the files" || ko "check: option after files" "$rc $(cat "$T/e")"
tj check -- "$B"; [ $rc = 0 ] && ok "check -- MANUAL" || ko "check --" "$rc $(cat "$T/e")"
tj check -- --format=json; [ $rc = 2 ] && grep -q "cannot\|not found\|No such" "$T/e" && ok "after --, --format=json is a file" || ko "after --" "$rc $(cat "$T/e")"
tj diff a b c; [ $rc = 2 ] && grep -qx "tejun: diff takes two sides: OLD NEW" "$T/e" && ok "diff with three sides" || ko "diff three sides" "$rc $(cat "$T/e")"
tj nosuch; [ $rc = 2 ] && grep -qx "Try 'tejun --help'." "$T/e" && ok "an unknown command" || ko "unknown command" "$rc $(cat "$T/e")"
tj --version; [ $rc = 0 ] && grep -qx "tejun $(sed -n 's/^#define TEJUN_VERSION "\(.*\)"/\1/p' gen/version.h)" "$T/o" && ok "--version prints version.h's" || ko "--version" "$(cat "$T/o")"
[ $fails = 0 ]

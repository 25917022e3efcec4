#!/usr/bin/env bash
# tests/bench/bench.sh [N]: the speed benchmark behind `make bench` (not a test: no assertion).
# Builds a synthetic corpus of N manuals (default 1000: the four real manuals copied under new
# ids), compiles it with one `tejun build` (checks, HTML, Markdown) into an empty folder, with
# -j nproc, and once more over its own outputs (unchanged files are not rewritten), and in the same run turns
# the equivalent Markdown (tejun's own Markdown output of the corpus) into HTML with cmark and
# pandoc. Prints manuals/s, MB/s, peak memory and tejun's ratio to each.
set -eu
cd "$(dirname "$0")/../.."
N=${1:-1000}
B=build/bench
rm -rf "$B"; mkdir -p "$B/manuals/shared" "$B/out"
cp manuals/shared/*.yaml "$B/manuals/shared/"
i=0
while [ $i -lt "$N" ]; do
  for m in manuals/*.yaml; do
    [ $i -lt "$N" ] || break
    id=$(basename "$m" .yaml)-$i
    sed "s/^id: .*/id: $id/" "$m" >"$B/manuals/$id.yaml"
    i=$((i + 1))
  done
done
in_bytes=$(cat "$B"/manuals/*.yaml "$B"/manuals/shared/*.yaml | wc -c)
t() { # label, command...: runs 3 times (RUNS), keeps the fastest; prints "seconds peakKB"
  local best="" mem=0
  for _ in $(seq "${RUNS:-3}"); do
    if [ -n "${FRESH:-}" ]; then rm -rf "$FRESH"; fi # (not timed) an empty output folder each run
    /usr/bin/time -f "%e %M" -o "$B/time" "${@:2}" >/dev/null 2>"$B/err" || { cat "$B/err" >&2; exit 1; }
    read -r s k <"$B/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
    [ "$k" -gt "$mem" ] && mem=$k
  done
  echo "$best $mem"
}
# into an empty output folder (every file new), then again over those outputs (a file that would
# get the same bytes is not written again: the rebuild after an edit)
read -r ts tm < <(FRESH="$B/out" t tejun ./tejun build -q --no-services --no-manifest -o "$B/out" "$B"/manuals/*.yaml)
J=$(nproc)
read -r tj tjm < <(FRESH="$B/out" t tejun-j ./tejun build -q -j "$J" --no-services --no-manifest -o "$B/out" "$B"/manuals/*.yaml)
read -r tr trm < <(t tejun-again ./tejun build -q --no-services --no-manifest -o "$B/out" "$B"/manuals/*.yaml)
# the same build into memory (tmpfs), where this machine has one: the build without its disk
SHM=""; if [ -d /dev/shm ] && [ -w /dev/shm ]; then SHM=$(mktemp -d /dev/shm/tejun-bench.XXXXXX); fi
if [ -n "$SHM" ]; then
  read -r tm1 tmm < <(FRESH="$SHM/out" t tejun-shm ./tejun build -q --no-services --no-manifest -o "$SHM/out" "$B"/manuals/*.yaml)
  read -r tm2 tmm2 < <(FRESH="$SHM/out" t tejun-shm-j ./tejun build -q -j "$(nproc)" --no-services --no-manifest -o "$SHM/out" "$B"/manuals/*.yaml)
  rm -rf "$SHM"
fi
md=("$B"/out/*/*.md)
md_bytes=$(cat "${md[@]}" | wc -c)
cat "${md[@]}" >"$B/all.md"
read -r cs cm < <(t cmark cmark "$B/all.md")
# pandoc is slow: it converts a tenth of the corpus and its time is scaled up
head -c $((md_bytes / 10)) "$B/all.md" >"$B/tenth.md"
read -r ps pm < <(RUNS=1 t pandoc pandoc -f commonmark -t html "$B/tenth.md")
ps=$(awk "BEGIN{print $ps * 10}")
r() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1 / $2; else print \"inf\" }"; }
mb() { awk "BEGIN{ if ($2 > 0) printf \"%.1f\", $1 / 1048576 / $2; else print \"inf\" }"; }
printf '\ncorpus: %d manuals, %.1f MB of YAML, %.1f MB of Markdown out\n' "$N" "$(awk "BEGIN{print $in_bytes/1048576}")" "$(awk "BEGIN{print $md_bytes/1048576}")"
printf '%-44s %8s %10s %10s %10s\n' tool seconds manuals/s MB/s peak-MB
printf '%-44s %8.3f %10.0f %10s %10.1f\n' "tejun build (checks, HTML, Markdown)" "$ts" "$(awk "BEGIN{print $N/($ts>0?$ts:0.001)}")" "$(mb "$in_bytes" "$ts")" "$(awk "BEGIN{print $tm/1024}")"
printf '%-44s %8.3f %10.0f %10s %10.1f\n' "tejun build -j $J (one process per core)" "$tj" "$(awk "BEGIN{print $N/($tj>0?$tj:0.001)}")" "$(mb "$in_bytes" "$tj")" "$(awk "BEGIN{print $tjm/1024}")"
printf '%-44s %8.3f %10.0f %10s %10.1f\n' "tejun build again (outputs already there)" "$tr" "$(awk "BEGIN{print $N/($tr>0?$tr:0.001)}")" "$(mb "$in_bytes" "$tr")" "$(awk "BEGIN{print $trm/1024}")"
if [ -n "$SHM" ]; then
  printf '%-44s %8.3f %10.0f %10s %10.1f\n' "tejun build into /dev/shm (no disk)" "$tm1" "$(awk "BEGIN{print $N/($tm1>0?$tm1:0.001)}")" "$(mb "$in_bytes" "$tm1")" "$(awk "BEGIN{print $tmm/1024}")"
  printf '%-44s %8.3f %10.0f %10s %10.1f\n' "tejun build -j $J into /dev/shm (no disk)" "$tm2" "$(awk "BEGIN{print $N/($tm2>0?$tm2:0.001)}")" "$(mb "$in_bytes" "$tm2")" "$(awk "BEGIN{print $tmm2/1024}")"
fi
printf '%-44s %8.3f %10.0f %10s %10.1f\n' "cmark (same content as Markdown → HTML)" "$cs" "$(awk "BEGIN{print $N/($cs>0?$cs:0.001)}")" "$(mb "$md_bytes" "$cs")" "$(awk "BEGIN{print $cm/1024}")"
printf '%-44s %8.3f %10.0f %10s %10.1f\n' "pandoc (1/10 of it, time ×10)" "$ps" "$(awk "BEGIN{print $N/($ps>0?$ps:0.001)}")" "$(mb "$md_bytes" "$ps")" "$(awk "BEGIN{print $pm/1024}")"
printf '\ntejun / cmark time: %s (target ≤ 2)   pandoc / tejun time: %s (target ≥ 10)   tejun / cmark peak memory: %s (target ≤ 1)\n' \
  "$(r "$ts" "$cs")" "$(r "$ps" "$ts")" "$(r "$tm" "$cm")"
printf 'with -j %s: tejun / cmark time: %s   pandoc / tejun time: %s   (peak memory is per process)\n' "$J" "$(r "$tj" "$cs")" "$(r "$ps" "$tj")"
printf 'again (outputs already there): tejun / cmark time: %s\n' "$(r "$tr" "$cs")"
[ -n "$SHM" ] && printf 'into /dev/shm: tejun / cmark time: %s, with -j %s: %s\n' "$(r "$tm1" "$cs")" "$J" "$(r "$tm2" "$cs")"

# Scale without leaks: one process over 10 times the corpus (the same manuals again under
# further ids); the peak memory must stay flat (within 10% of the run above).
if [ "${BENCH_SCALE:-1}" = 1 ]; then
  S=$B/scale; rm -rf "$S"; mkdir -p "$S/manuals/shared"; cp manuals/shared/*.yaml "$S/manuals/shared/"
  for f in "$B"/manuals/*.yaml; do
    b=$(basename "$f" .yaml)
    for k in 0 1 2 3 4 5 6 7 8 9; do sed "s/^id: .*/id: $b-x$k/" "$f" >"$S/manuals/$b-x$k.yaml"; done
  done
  n10=$(ls "$S"/manuals/*.yaml | wc -l)
  /usr/bin/time -f "%e %M" -o "$B/time" ./tejun build -q --no-services --no-manifest -o "$S/out" "$S"/manuals/*.yaml >/dev/null 2>"$B/err" || { cat "$B/err"; exit 1; }
  read -r s10 m10 <"$B/time"
  printf '\nscale: %d manuals in one process: %.1f s, peak %.1f MB; %d manuals: peak %.1f MB; ratio %s (target ≤ 1.10)\n' \
    "$n10" "$s10" "$(awk "BEGIN{print $m10/1024}")" "$N" "$(awk "BEGIN{print $tm/1024}")" "$(r "$m10" "$tm")"
  rm -rf "$S"
fi

#!/usr/bin/env bash
# tests/bench/checklists.sh [N]: what a batch of customer checklists costs (not a test: it
# asserts nothing). Makes N customer profiles (default 50: the examples in manuals/customers/
# under new ids), then in the same run times one `tejun checklist` of all N customers against
# one of a single customer (and of the eight services), each PDF + HTML, best of three; with the
# default font (Noto Sans CJK JP) and with TEJUN_FONT=IPAexGothic when that font is installed.
set -eu
cd "$(dirname "$0")/../.."
N=${1:-50}
B=build/bench-checklists
rm -rf "$B"; mkdir -p "$B/customers"
ex=(manuals/customers/*.yaml)
for i in $(seq 1 "$N"); do
  cp "${ex[$(( (i - 1) % ${#ex[@]} ))]}" "$B/customers/customer-$(printf %03d "$i").yaml"
done
MANUALS=(manuals/box.yaml manuals/dropbox.yaml manuals/google-workspace.yaml manuals/microsoft-365.yaml)
all=(); for f in "$B"/customers/*.yaml; do all+=(--customer "$f"); done
one=(--customer "$B/customers/customer-001.yaml")
t() { # OUTDIR command...: best of three; prints "seconds peakKB bytes-written pages"
  local best="" mem=0 out=$1; shift
  for _ in 1 2 3; do
    rm -rf "$out"
    /usr/bin/time -f "%e %M" -o "$B/time" "$@" -o "$out" >/dev/null 2>"$B/err" || { cat "$B/err" >&2; exit 1; }
    read -r s k <"$B/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
    [ "$k" -gt "$mem" ] && mem=$k
  done
  local bytes pages=0
  bytes=$(find "$out" -type f \( -name '*.pdf' -o -name '*.html' \) -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  for p in $(find "$out" -name '*.pdf'); do pages=$((pages + $(pdfinfo "$p" 2>/dev/null | awk '/^Pages:/ {print $2}'))); done
  echo "$best $mem $bytes $pages"
}
row() { # label n seconds peakKB bytes pages
  printf '%-38s %4d %8.3f %10.1f %8.1f %8.1f %6d\n' "$1" "$2" "$3" "$(awk "BEGIN{print $3 * 1000 / $2}")" "$(awk "BEGIN{print $5 / 1048576}")" "$(awk "BEGIN{print $4 / 1024}")" "$6"
}
run() { # font label
  local tag=$1
  read -r s1 m1 b1 p1 < <(t "$B/out-one" ./tejun checklist "${one[@]}" "${MANUALS[@]}")
  read -r sn mn bn pn < <(t "$B/out-all" ./tejun checklist "${all[@]}" "${MANUALS[@]}")
  read -r ss ms bs ps < <(t "$B/out-svc" ./tejun checklist "${MANUALS[@]}")
  row "1 customer ($tag)" 1 "$s1" "$m1" "$b1" "$p1"
  row "$N customers, one run ($tag)" "$N" "$sn" "$mn" "$bn" "$pn"
  row "8 services, one run ($tag)" 8 "$ss" "$ms" "$bs" "$ps"
  printf '  %s: %d customers cost %.1f× one customer; %.0f ms per further customer\n' "$tag" "$N" \
    "$(awk "BEGIN{print ($s1 > 0 ? $sn / $s1 : 0)}")" "$(awk "BEGIN{print ($N > 1 ? ($sn - $s1) * 1000 / ($N - 1) : 0)}")"
}
printf '\n%-38s %4s %8s %10s %8s %8s %6s\n' checklists n seconds ms/each MB-out peak-MB pages
font=$(fc-match -f '%{family[0]}' 'Noto Sans CJK JP:lang=ja' 2>/dev/null || echo '?')
run "$font"
if fc-list | grep -q IPAexGothic; then export TEJUN_FONT=IPAexGothic; run IPAexGothic; unset TEJUN_FONT; fi

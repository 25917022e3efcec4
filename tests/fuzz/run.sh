#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS TARGET...: fuzz each target for SECONDS on its saved corpus
# (tests/fuzz/corpus/T) and the seeds (the manuals and test fixtures), then replay every
# reproducer in tests/fuzz/regress/T. Limits: 1 s per input, 2 GB of memory, leaks fatal.
# New interesting inputs go to build/fuzz/new/T (merge them into the corpus with
# `build/fuzz/fuzz-T -merge=1 tests/fuzz/corpus/T build/fuzz/new/T`). Exits 1 on any finding.
set -u
cd "$(dirname "$0")/../.."
secs=$1; shift
fail=0
seed() { # target dir
  mkdir -p "$2"
  case $1 in
    manual|pipeline) cp manuals/*.yaml tests/golden/*.yaml tests/check/*.yaml tests/bad/*.yaml tests/diff/*.yaml "$2/" 2>/dev/null ;;
    customer) cp manuals/customers/*.yaml tests/checklist/bad/*.yaml "$2/" 2>/dev/null ;;
    snapshot) cp manuals/releases/*.xml "$2/" 2>/dev/null ;;
    diff) i=0; for m in manuals/*.yaml tests/diff/old.yaml; do
            { cat "$m"; printf '\377'; cat tests/diff/new.yaml; } >"$2/pair-$i"; i=$((i + 1)); done ;;
    grow) cp tests/fuzz/regress/grow/* "$2/" 2>/dev/null ;;   # descriptions (grow.h): the reproducers to mutate
  esac
}
for t in "$@"; do
  bin=build/fuzz/fuzz-$t
  corpus=tests/fuzz/corpus/$t; mkdir -p "$corpus" build/fuzz/new/$t build/fuzz/seed/$t tests/fuzz/regress/$t
  seed "$t" build/fuzz/seed/$t
  dict=tests/fuzz/yaml.dict; [ -f tests/fuzz/$t.dict ] && dict=tests/fuzz/$t.dict
  # grow times linear scans of texts up to 128 KiB: ASan's strstr wrapper measures the whole
  # rest of the string at every call (one call per 【 or {{ found), which no libc does; off there
  asan=detect_leaks=1; [ "$t" = grow ] && asan=$asan:intercept_strstr=0
  echo "== fuzz $t for ${secs}s"
  ASAN_OPTIONS=$asan:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$bin" -max_total_time="$secs" -timeout=1 -rss_limit_mb=2048 -max_len=${FUZZ_MAX_LEN:-65536} -print_final_stats=1 \
      -dict="$dict" -artifact_prefix=build/fuzz/ build/fuzz/new/$t "$corpus" build/fuzz/seed/$t \
      >build/fuzz/$t.log 2>&1
  rc=$?
  grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' build/fuzz/$t.log | sed 's/^/   /'
  if [ $rc != 0 ]; then echo "FAIL fuzz $t (see build/fuzz/$t.log; reproducer in build/fuzz/)"; tail -30 build/fuzz/$t.log; fail=1; fi
  if ls tests/fuzz/regress/$t/* >/dev/null 2>&1; then
    if ASAN_OPTIONS=$asan "$bin" -timeout=1 -rss_limit_mb=2048 tests/fuzz/regress/$t/* >build/fuzz/$t.regress.log 2>&1; then
      echo "   regress: $(ls tests/fuzz/regress/$t | wc -l) reproducers replayed clean"
    else echo "FAIL fuzz $t regress (see build/fuzz/$t.regress.log)"; fail=1; fi
  fi
done
exit $fail

#!/bin/bash
# Self-test of the JSON Schemas and validate.py.  Run from the repository root:
#     bash tests/schema/selftest.sh            (PYTHON=/usr/bin/python3 to pick an interpreter)
# good-*.yaml must pass, bad-*.yaml must fail with the message on their "# expect:" line.
#   tests/schema/cases/*.yaml          manuals   (schema picked by path)
#   tests/schema/cases/shared/*.yaml   fragments (schema picked by path: folder "shared")
#   tests/schema/cases/catalog/*.yaml  catalogs  (validated with --as catalog)
# Prints one line per failure; exit 0 if all pass, 1 otherwise.
set -u
cd "$(dirname "$0")/../.." || exit 1
PY=${PYTHON:-python3}
V=tests/schema/validate.py
C=tests/schema/cases
fail=0; n=0
bad() { echo "FAIL: $*"; fail=1; }

# the schema files are generated; they must be current and valid schemas
out=$("$PY" tests/schema/gen_schemas.py --check) || bad "$out"
out=$("$PY" - <<'EOF' 2>&1
import json, jsonschema
for k in ("manual", "fragment", "catalog"):
    s = json.load(open("tests/schema/%s.schema.json" % k, encoding="utf-8"))
    jsonschema.validators.validator_for(s).check_schema(s)
    assert s["$schema"].endswith("2020-12/schema"), k
EOF
) || bad "schema check: $out"

check_good() {  # FILE [--as KIND]
    local f=$1; shift; n=$((n+1))
    local out; out=$("$PY" "$V" "$@" "$f" 2>&1); local rc=$?
    [ $rc -eq 0 ] && [ -z "$out" ] || bad "$f should pass (rc=$rc): $(echo "$out" | head -3 | tr '\n' ' ')"
}
check_bad() {   # FILE [--as KIND]
    local f=$1; shift; n=$((n+1))
    local want; want=$(sed -n '1s/^# expect: //p' "$f")
    local out; out=$("$PY" "$V" "$@" "$f" 2>&1); local rc=$?
    if [ $rc -ne 1 ]; then bad "$f should fail with exit 1 (rc=$rc): $(echo "$out" | head -2 | tr '\n' ' ')"; return; fi
    [ -n "$out" ] || { bad "$f failed without printing anything"; return; }
    if echo "$out" | grep -qv "^$f: "; then bad "$f: output line not of the form 'FILE: path: message'"; fi
    [ -z "$want" ] && { bad "$f has no '# expect:' first line"; return; }
    echo "$out" | grep -qF -- "$want" || bad "$f: expected '$want', got: $(echo "$out" | head -3 | tr '\n' ' ')"
}

shopt -s nullglob
for f in $C/good-*.yaml $C/shared/good-*.yaml; do check_good "$f"; done
for f in $C/catalog/good-*.yaml; do check_good "$f" --as catalog; done
for f in $C/bad-*.yaml $C/shared/bad-*.yaml; do check_bad "$f"; done
for f in $C/catalog/bad-*.yaml; do check_bad "$f" --as catalog; done

# the real catalog passes, picked by its path
[ -f manuals/shared/catalog.yaml ] && check_good manuals/shared/catalog.yaml

# schema selection by path
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/manuals/shared"
cp $C/shared/good-fragment.yaml "$tmp/manuals/shared/prep.yaml"
cp $C/catalog/good-catalog.yaml "$tmp/manuals/shared/catalog.yaml"
cp $C/good-readme-example.yaml "$tmp/manuals/example.yaml"
for f in prep.yaml catalog.yaml; do
    "$PY" "$V" "$tmp/manuals/shared/$f" >/dev/null 2>&1 || bad "path selection: shared/$f should pass"
done
"$PY" "$V" "$tmp/manuals/example.yaml" >/dev/null 2>&1 || bad "path selection: example.yaml should pass as a manual"
cp $C/good-readme-example.yaml "$tmp/manuals/shared/example.yaml"
"$PY" "$V" "$tmp/manuals/shared/example.yaml" >/dev/null 2>&1 && bad "path selection: a manual in shared/ should fail as a fragment"
cp $C/catalog/good-catalog.yaml "$tmp/manuals/catalog.yaml"
"$PY" "$V" "$tmp/manuals/catalog.yaml" >/dev/null 2>&1 && bad "path selection: catalog.yaml outside shared/ should fail as a manual"
"$PY" "$V" --as fragment "$tmp/manuals/example.yaml" >/dev/null 2>&1 && bad "--as fragment should override the path"
n=$((n+6))

if [ $fail -eq 0 ]; then echo "schema selftest: $n checks passed"; exit 0; fi
exit 1

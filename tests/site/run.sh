#!/usr/bin/env bash
# tests/site/run.sh: the tests of `tejun site` (out/index.html, the landing page).
# Prints one line per check, "ok NAME" or "FAIL NAME" (with what went wrong), and exits 1 when
# any check failed. TEJUN=... runs another binary (the ASan build, valgrind). SITE_OUT=DIR keeps
# the full output folder with its landing page there (tests/run validates it in the browser).
# Nothing here pins the list of manuals, services, releases or customers: it is read from
# manuals/ and from the files on disk.
set -u
cd "$(dirname "$0")/../.."
TEJUN=${TEJUN:-./tejun}
PY=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok $1"; }
ko() { echo "FAIL $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -30 | sed 's/^/    /'; fails=$((fails + 1)); }
tj() { $TEJUN "$@" >"$T/o" 2>"$T/e"; rc=$?; }
sums() { (cd "$1" && find . -type f ! -name '.*' -print0 | sort -z | xargs -0 sha256sum) 2>/dev/null; }
MANUALS=(); for y in manuals/*.yaml; do MANUALS+=("$y"); done
PROFILES=(); CARGS=(); for c in manuals/customers/*.yaml; do PROFILES+=("$c"); CARGS+=(--customer "$c"); done
O=${SITE_OUT:-$T/out}
rm -rf "$O"

# ---- the command line
tj site --help
[ $rc = 0 ] && grep -q '^usage: tejun site' "$T/o" && grep -q 'exit status' "$T/o" && ok "site --help" || ko "site --help" "$(cat "$T/o" "$T/e")"
tj help site; [ $rc = 0 ] && grep -q '^usage: tejun site' "$T/o" && ok "help site" || ko "help site"
tj --help; grep -q '^  site ' "$T/o" && ok "tejun --help lists site" || ko "tejun --help lists site"
tj site; [ $rc = 2 ] && grep -q 'site needs at least one MANUAL.yaml' "$T/e" && ok "site without manuals exits 2" || ko "site without manuals" "$rc $(cat "$T/e")"
tj site --bogus manuals/box.yaml; [ $rc = 2 ] && grep -q "unknown option '--bogus' for site" "$T/e" && ok "site: unknown option exits 2" || ko "site unknown option" "$rc $(cat "$T/e")"
tj site -o; [ $rc = 2 ] && grep -q "option '-o' needs a value" "$T/e" && ok "site -o without a folder exits 2" || ko "site -o" "$rc $(cat "$T/e")"
# a customer given twice (gen/customer.c customer_load_list): reported at the profile, exit 1
tj site --emit=xml --customer "${PROFILES[0]}" --customer "${PROFILES[0]}" "${MANUALS[@]}"
[ $rc = 1 ] && grep -q "^${PROFILES[0]}: error: a second profile of customer '$(basename "${PROFILES[0]}" .yaml)'; give each customer once \[duplicate\]$" "$T/e" \
  && ok "site: a customer given twice is refused" || ko "site: a customer given twice" "$rc $(cat "$T/e")"

# ---- everything into one folder, as make does: manuals, redlines, checklists, then the page
$TEJUN build -q -o "$O" "${MANUALS[@]}" 2>"$T/e" || ko "build the manuals" "$(cat "$T/e")"
for y in "${MANUALS[@]}"; do
  id=$(basename "$y" .yaml)
  n=$(ls manuals/releases/"$id"@*.xml 2>/dev/null | wc -l)
  [ "$n" -ge 2 ] && { $TEJUN diff -o "$O/diffs" "$id@previous" "$y" >/dev/null 2>"$T/e" || ko "diff $id" "$(cat "$T/e")"; }
done
$TEJUN checklist -o "$O" "${MANUALS[@]}" 2>"$T/e" || ko "service checklists" "$(cat "$T/e")"
$TEJUN checklist -o "$O" "${CARGS[@]}" "${MANUALS[@]}" 2>"$T/e" || ko "customer checklists" "$(cat "$T/e")"
tj site -o "$O" "${CARGS[@]}" "${MANUALS[@]}"
[ $rc = 0 ] && [ ! -s "$T/e" ] && [ -s "$O/index.html" ] && ok "site writes $O/index.html cleanly" || ko "site" "$rc $(cat "$T/e")"
if r=$("$PY" tests/site/sitecheck.py "$O" manuals "${PROFILES[@]}" 2>&1); then ok "the page links every manual, service page, release, redline and checklist on disk, where it belongs; every link resolves ($r)"
else ko "sitecheck" "$r"; fi
ndiff=$(ls "$O"/diffs/*.html 2>/dev/null | wc -l)
[ "$ndiff" -ge 1 ] && ok "the folder holds $ndiff HTML redlines to list" || ko "no redline was made (manuals/releases holds no manual with two releases?)"
tj site --emit=xml -o "$O" "${CARGS[@]}" "${MANUALS[@]}"; cp "$T/o" "$T/site.xml"
if xmllint --noout --relaxng templates/site.rng "$T/site.xml" 2>"$T/r"; then ok "site --emit=xml valid against templates/site.rng"; else ko "site.xml against site.rng" "$(cat "$T/r")"; fi
"$PY" - "$T/site.xml" manuals <<'EOF' && ok "the XML holds every manual given, and releases newest first with versions and dates as frozen" || ko "site XML content"
import glob, os, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
got = {m.get("id"): m for m in root.findall("manual")}
want = {os.path.basename(y)[:-5] for y in glob.glob(os.path.join(sys.argv[2], "*.yaml"))}
assert set(got) == want, (set(got), want)
for mid, m in got.items():
    rel = []
    for f in glob.glob(os.path.join(sys.argv[2], "releases", mid + "@*.xml")):
        p = ET.parse(f).getroot().find("publication")
        rel.append((os.path.basename(f)[len(mid) + 1:-4], p.get("version"), p.get("date")))
    rel.sort(key=lambda r: [int(x) for x in r[0].split(".")], reverse=True)
    rows = [(r.get("tag"), r.get("version"), r.get("date")) for r in m.findall("release") if r.get("released") == "yes"]
    assert rows == rel, (mid, rows, rel)
    assert sum(1 for r in m.findall("release") if r.get("current")) == 1, mid
assert int(root.get("releases")) == sum(len(glob.glob(os.path.join(sys.argv[2], "releases", i + "@*.xml"))) for i in want)
EOF
"$PY" - "$O" <<'EOF' && ok "manifest.json lists index.html with its SHA-256 and size (manual, version, date null)" || ko "manifest entry of index.html" "$(grep -A3 '"index.html"' "$O/manifest.json")"
import hashlib, json, os, sys
m = json.load(open(os.path.join(sys.argv[1], "manifest.json"), encoding="utf-8"))
e = [o for o in m["outputs"] if o["path"] == "index.html"]
data = open(os.path.join(sys.argv[1], "index.html"), "rb").read()
assert m["state"] == "complete" and len(e) == 1, e
e = e[0]
assert e["sha256"] == hashlib.sha256(data).hexdigest() and e["bytes"] == len(data), e
assert e["format"] == "html" and e["manual"] is None and e["service"] is None and e["version"] is None and e["date"] is None, e
EOF
tj manifest --check -o "$O"; [ $rc = 0 ] && ok "manifest --check: in step after site" || ko "manifest --check" "$(cat "$T/e")"
# the same page from a second run: the page is a function of the inputs and the files
cp "$O/index.html" "$T/first.html"
$TEJUN site -o "$O" "${CARGS[@]}" "${MANUALS[@]}" 2>/dev/null
cmp -s "$T/first.html" "$O/index.html" && ok "a second run writes the same page, byte for byte" || ko "site is not reproducible"

# ---- only what is on disk: remove some outputs, and their links go (the rest stays)
cp -r "$O" "$T/gone"
svc=$(basename "$(ls -d "$T"/gone/services/*/ | tail -1)")
first_diff=$(ls "$T"/gone/diffs/*.md | head -1)
first_cl=$(ls "$T"/gone/checklists/*.pdf | head -1)
first_cu=$(ls "$T"/gone/checklists/customers/*.pdf | head -1); cu=$(basename "$first_cu" .pdf)
first_m=$(basename "${MANUALS[0]}" .yaml)
rm -f "$T/gone/services/$svc/$svc.md" "$first_diff" "$first_cl" "$T/gone/checklists/customers/$cu".*
rm -rf "$T/gone/$first_m"
tj site -o "$T/gone" "${CARGS[@]}" "${MANUALS[@]}"
r=$("$PY" tests/site/sitecheck.py "$T/gone" manuals "${PROFILES[@]}" 2>&1); src=$?
if [ $rc = 0 ] && [ $src = 0 ] && ! grep -qF -e "href=\"services/$svc/$svc.md\"" -e "href=\"diffs/$(basename "$first_diff")\"" -e "href=\"checklists/$(basename "$first_cl")\"" \
     -e "href=\"checklists/customers/$cu." -e "href=\"$first_m/" "$T/gone/index.html" \
   && grep -qF "href=\"services/$svc/index.html\"" "$T/gone/index.html" && grep -q "warning: $T/gone/$first_m/index.html does not exist" "$T/e" \
   && grep -q "$cu.yaml: warning: no checklist of this customer" "$T/e"; then
  ok "removed outputs are not linked (a service's Markdown, a redline, a checklist, a customer's checklist, a whole manual: warned), the rest still is"
else ko "removed outputs" "$rc $src $r $(cat "$T/e")"; fi
# a redline to a version that is neither released nor the manual's now: warned, not linked
cp "$first_diff" "$T/gone/diffs/$first_m-1.0..9.9.md" 2>/dev/null || echo x >"$T/gone/diffs/$first_m-1.0..9.9.md"
tj site -o "$T/gone" "${MANUALS[@]}"
[ $rc = 0 ] && grep -q "diffs/$first_m-1.0..9.9.md: warning: a redline to version 9.9, which is neither a release of '$first_m' nor its version now" "$T/e" && ! grep -q '9\.9' "$T/gone/index.html" \
  && ok "a redline to no known version is warned about and not linked" || ko "orphan redline" "$rc $(cat "$T/e")"

# two redlines into one version (from the release before, and from an older version): both
# listed under it, the nearest first, each with its HTML and Markdown
rm -rf "$T/two" && cp -r "$O" "$T/two"
two=$(ls "$T"/two/diffs/*.html | head -1); two=$(basename "$two" .html)   # <id>-<old>..<new>
tid=${two%-*..*}; tnew=${two##*..}
cp "$T/two/diffs/$two.html" "$T/two/diffs/$tid-0.9..$tnew.html"; cp "$T/two/diffs/$two.md" "$T/two/diffs/$tid-0.9..$tnew.md"
tj site --emit=xml -o "$T/two" "${MANUALS[@]}"
x="/site/manual[@id='$tid']/release[@tag='$tnew']/redline"
[ $rc = 0 ] && [ "$(xmllint --xpath "count($x)" "$T/o")" = 2 ] && [ "$(xmllint --xpath "string($x[2]/@from)" "$T/o")" = 0.9 ] \
  && [ "$(xmllint --xpath "string($x[2]/@md)" "$T/o")" = "diffs/$tid-0.9..$tnew.md" ] && [ "$(xmllint --xpath "string($x[1]/@html)" "$T/o")" = "diffs/$two.html" ] \
  && [ "$(xmllint --xpath "string($x[2]/@from-version)" "$T/o")" = 第0.9版 ] \
  && ok "two redlines into $tid $tnew: both listed, the nearest first, HTML and Markdown paired" || ko "two redlines" "$rc $(grep -A4 "tag=\"$tnew\"" "$T/o" | head -8) $(cat "$T/e")"

# ---- an unreleased version: its row says so, with its redline
mkdir -p "$T/ur/shared" "$T/ur/releases"
cp manuals/shared/*.yaml "$T/ur/shared/"
cp manuals/releases/box@*.xml "$T/ur/releases/"
"$PY" - manuals/box.yaml "$T/ur/box.yaml" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("\npages:\n", "\n  - version: 第2.2版\n    date: 2026-12-24\n    text: テスト用の未リリース版\n\npages:\n", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
$TEJUN build -q -o "$T/urout" "$T/ur/box.yaml" 2>/dev/null
$TEJUN diff -o "$T/urout/diffs" box@previous "$T/ur/box.yaml" --releases "$T/ur/releases" >/dev/null 2>&1
tj site --emit=xml -o "$T/urout" "$T/ur/box.yaml"
latest=$(ls "$T"/ur/releases/box@*.xml | sed 's/.*@\(.*\)\.xml/\1/' | sort -t. -k1,1n -k2,2n | tail -1)
[ $rc = 0 ] && xmllint --xpath 'string(/site/manual/release[1]/@released)' "$T/o" | grep -qx no \
  && [ "$(xmllint --xpath 'string(/site/manual/release[1]/@version)' "$T/o")" = 第2.2版 ] \
  && [ "$(xmllint --xpath 'string(/site/manual/release[1]/redline/@html)' "$T/o")" = "diffs/box-$latest..2.2.html" ] \
  && [ "$(xmllint --xpath 'string(/site/manual/release[1]/summary)' "$T/o")" = テスト用の未リリース版 ] \
  && [ "$(xmllint --xpath 'count(/site/manual/release[@current])' "$T/o")" = 1 ] \
  && ok "a version not yet released is listed first, marked released=\"no\", with its redline from $latest and its change-log text" || ko "unreleased version" "$rc $(cat "$T/o" "$T/e")"

# ---- escaping: hostile product, publisher, label, title, service name, change-log text, company
mkdir -p "$T/x/shared" "$T/x/cu"
sed -e 's|^publisher: .*|publisher: "<i>発行</i> \&amp; \\"社\\""|' -e 's|^product: .*|product: "</title><script>alert(1)</script>"|' \
    -e "s|^label: .*|label: \"社外秘\\\\\" onmouseover=\\\\\"alert(1)\"|" -e 's|    name: Alpha|    name: "\\"><img src=x onerror=alert(1)>"|' \
    tests/golden/shared/catalog.yaml >"$T/x/shared/catalog.yaml"
cp tests/golden/escape.yaml "$T/x/escape.yaml"; cp -r tests/golden/images "$T/x/"
printf 'company: "<b>株式会社</b>&amp;\\"ｘ\\" & Co."\nservices: [alpha]\nregion: jp\n' >"$T/x/cu/hostile.yaml"
$TEJUN release "$T/x/escape.yaml" >/dev/null 2>"$T/e" || ko "release the escape fixture" "$(cat "$T/e")"
$TEJUN build -q -o "$T/xo" "$T/x/escape.yaml" 2>/dev/null
$TEJUN checklist -o "$T/xo" --customer "$T/x/cu/hostile.yaml" "$T/x/escape.yaml" >/dev/null 2>&1
tj site -o "$T/xo" --customer "$T/x/cu/hostile.yaml" "$T/x/escape.yaml"
if [ $rc = 0 ] && r=$("$PY" - "$T/xo/index.html" "$T/x" <<'EOF' 2>&1
import sys, yaml
sys.path.insert(0, "tests/site")
from sitecheck import Tree, text
t = Tree(); t.feed(open(sys.argv[1], encoding="utf-8").read())
assert not t.bad, t.bad
tags = {n.tag for n in t.root.iter()}
for bad in ("script", "img", "b", "i"):
    assert bad not in tags, f"<{bad}> element in the page"
cat = yaml.safe_load(open(sys.argv[2] + "/shared/catalog.yaml", encoding="utf-8"))
man = yaml.safe_load(open(sys.argv[2] + "/escape.yaml", encoding="utf-8"))
cu = yaml.safe_load(open(sys.argv[2] + "/cu/hostile.yaml", encoding="utf-8"))
page = text(t.root)
for what, s in (("product", cat["product"]), ("publisher", cat["publisher"]), ("title", man["title"]), ("service", cat["services"][0]["name"]),
                ("change-log text", man["changelog"][-1]["text"]), ("company", cu["company"]), ("manual label", man["label"])):
    assert s in page, f"the {what} {s!r} is not shown as text"
title = next(t.root.iter("title"))
assert cat["product"] in text(title), text(title)
metas = [m.attrs.get("content") for m in t.root.iter("meta") if m.attrs.get("name") == "tejun-label"]
assert metas == [cat["label"]], metas
print("ok")
EOF
); then ok "data is escaped: a product </title><script>, a label with \" onmouseover=, an <img onerror> service name, a <b> company are text"
else ko "escaping" "$rc ${r:-} $(cat "$T/e")"; fi

# ---- bad input: nothing written, the earlier page intact
cp -r "$O" "$T/keep"; before=$(sums "$T/keep")
mkdir -p "$T/bad/shared" "$T/bad/releases" && cp manuals/shared/*.yaml "$T/bad/shared/" && cp manuals/*.yaml "$T/bad/"
sed 's/^title: .*/title: [壊れた/' manuals/box.yaml >"$T/bad/broken.yaml"
tj site -o "$T/keep" "$T/bad/broken.yaml" "${MANUALS[@]}"
[ $rc = 1 ] && grep -q 'broken.yaml:[0-9]*:[0-9]*: error: ' "$T/e" && grep -q 'index.html not written' "$T/e" && [ "$(sums "$T/keep")" = "$before" ] \
  && ok "a broken manual: exit 1, located, the earlier page intact" || ko "broken manual" "$rc $(cat "$T/e")"
tj site -o "$T/keep" manuals/box.yaml manuals/box.yaml
[ $rc = 1 ] && grep -q "manual 'box' is given twice" "$T/e" && [ "$(sums "$T/keep")" = "$before" ] && ok "a manual given twice: exit 1, nothing written" || ko "manual twice" "$rc $(cat "$T/e")"
printf 'company: テスト株式会社\nservices: [boxx]\nregion: jp\n' >"$T/bad/typo.yaml"
tj site -o "$T/keep" --customer "$T/bad/typo.yaml" "${MANUALS[@]}"
[ $rc = 1 ] && grep -q "typo.yaml:2:[0-9]*: error: " "$T/e" && [ "$(sums "$T/keep")" = "$before" ] && ok "a profile with an unknown service: exit 1, located, nothing written" || ko "bad profile" "$rc $(cat "$T/e")"
tj site -o "$T/keep" --customer "$T/bad/missing.yaml" "${MANUALS[@]}"
[ $rc = 2 ] && [ "$(sums "$T/keep")" = "$before" ] && ok "a missing profile: exit 2, nothing written" || ko "missing profile" "$rc $(cat "$T/e")"
snap=$(ls manuals/releases/box@*.xml | head -1); tag=$(basename "$snap" .xml); tag=${tag#box@}
sed 's/押下します。/押下しました。/' "$snap" >"$T/bad/releases/box@$tag.xml"
tj site -o "$T/keep" --releases "$T/bad/releases" manuals/box.yaml
[ $rc = 1 ] && grep -q "box@$tag.xml: error: the snapshot's content does not match its digest" "$T/e" && [ "$(sums "$T/keep")" = "$before" ] \
  && ok "a corrupted release: exit 1, named, nothing written" || ko "corrupted release" "$rc $(cat "$T/e")"
rm -f "$T"/bad/releases/*; cp "$snap" "$T/bad/releases/box@9.9.xml"
tj site -o "$T/keep" --releases "$T/bad/releases" manuals/box.yaml
[ $rc = 1 ] && grep -q "box@9.9.xml: error: this snapshot holds manual 'box' at 第${tag}版, not box@9.9" "$T/e" && [ "$(sums "$T/keep")" = "$before" ] \
  && ok "a release whose file name says another version: exit 1, nothing written" || ko "misnamed release" "$rc $(cat "$T/e")"
# a page built from another version than the manual says now (a release built into the folder)
$TEJUN build -q --no-manifest -o "$T/keep" "box@$tag" 2>/dev/null; before=$(sums "$T/keep")
tj site -o "$T/keep" "${MANUALS[@]}"
[ $rc = 1 ] && grep -q "manuals/box.yaml:[0-9]*:[0-9]*: error: $T/keep/box/index.html was built from 第${tag}版 .*, but the manual is at .* now; build it again .*\[site-stale\]" "$T/e" \
  && [ "$(sums "$T/keep")" = "$before" ] && ok "a page built from another version (box@$tag built into the folder): exit 1, located at the change log, nothing written" || ko "stale page" "$rc $(cat "$T/e")"
# a full disk: the page is not half-written, the earlier one stays
cp -r "$O" "$T/full"; echo '<!-- an earlier page -->' >>"$T/full/index.html"   # (a page of the same bytes is not written again)
before=$(sums "$T/full")
(ulimit -f 8; $TEJUN site -o "$T/full" "${CARGS[@]}" "${MANUALS[@]}" >/dev/null 2>"$T/e"); rc=$?
[ $rc = 2 ] && grep -q 'index.html: error: cannot write' "$T/e" && [ "$(sums "$T/full")" = "$before" ] && [ -z "$(find "$T/full" -name '.*tmp-*')" ] \
  && ok "disk full (ulimit -f) while writing the page: exit 2, the earlier page and manifest intact, no temporary file" || ko "disk full" "$rc $(cat "$T/e")"

# ---- growth: 4x the manuals, at most ~8x the time (load only; no pages on disk: warnings)
mkdir -p "$T/g/shared" && cp manuals/shared/*.yaml "$T/g/shared/"
for i in $(seq 160); do sed "s/^id: .*/id: g$i/" manuals/box.yaml >"$T/g/g$i.yaml"; done
t0=$(date +%s%N); $TEJUN site -o "$T/gout" "$T"/g/g{1..40}.yaml 2>/dev/null; t1=$(date +%s%N)
$TEJUN site -o "$T/gout4" "$T"/g/g*.yaml 2>/dev/null; t2=$(date +%s%N)
a=$(( (t1 - t0) / 1000000 )); b=$(( (t2 - t1) / 1000000 ))
n=$(grep -o 'class="page manual"' "$T/gout4/index.html" | wc -l)
[ "$n" = 160 ] && [ $b -le $(( 8 * a + 200 )) ] && ok "160 manuals take ${b} ms, 40 take ${a} ms (at most ~8x)" || ko "growth" "40: $a ms, 160: $b ms, cards $n"

[ $fails = 0 ]

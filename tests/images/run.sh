#!/usr/bin/env bash
# tests/images/run.sh: screenshots as pictures. Images published beside the HTML (byte for
# byte, in the manifest), <img> with width, height and alt, callouts drawn over the picture and
# renumbered with the steps, listed under it in the Markdown; every bad image or callout a
# located error (goldens tests/images/*.err); a replaced image is a change a release sees and
# the redline shows old beside new. Test pictures are made here, with cairo (tests/tools/mkpng.c).
# Prints "ok NAME" / "FAIL NAME" per check; exits 1 when any failed. TEJUN=... runs another binary.
# UPDATE=1 rewrites the goldens.
set -u
cd "$(dirname "$0")/../.."
TEJUN=${TEJUN:-./tejun}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok $1"; }
ko() { echo "FAIL $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -30 | sed 's/^/    /'; fails=$((fails + 1)); }
tj() { $TEJUN "$@" >"$T/o" 2>"$T/e"; rc=$?; }
here=$PWD
# the cases run from other folders: a binary outside the repository root (the ASan build in
# build/asan/) finds the templates through TEJUN_TEMPLATES
export TEJUN_TEMPLATES=${TEJUN_TEMPLATES:-$here/templates}
# TEJUN as a command that works from any folder: its relative paths (./tejun, build/asan/tejun,
# valgrind's --suppressions=tests/…) made absolute; it is used unquoted, one word per argument
abs() {
  local out= w k v
  for w in $TEJUN; do
    case $w in
      /*) ;;
      --*=*) k=${w%%=*} v=${w#*=}; case $v in /*) ;; *) [ -e "$here/$v" ] && w="$k=$here/$v" ;; esac ;;
      -*) ;;
      *) [ -e "$here/$w" ] && w="$here/$w" ;;
    esac
    out="$out $w"
  done
  echo "${out# }"
}
TJ=$(abs)
MK="$T/mkpng"
cc -O1 -o "$MK" tests/tools/mkpng.c $(pkg-config --cflags --libs cairo) || { echo "FAIL cannot build tests/tools/mkpng.c"; exit 1; }

# ---- fixtures: each bad image or callout, its exact diagnostics
F="$T/f"; mkdir -p "$F/images/folder.png"
cp tests/images/*.yaml "$F/"; cp -r tests/check/shared "$F/"
"$MK" "$F/images/ok.png" 200 100 ok
printf 'just some text\n' >"$F/images/text.png"; cp "$F/images/text.png" "$F/images/text.jpg"
head -c 100 "$F/images/ok.png" >"$F/images/cut.png"
"$MK" "$F/images/wide.png" 10001 2
{ cat "$F/images/ok.png"; head -c $((9 << 20)) /dev/zero; } >"$F/images/huge.png"
ln -s /etc/hostname "$F/images/outside.png"
for y in tests/images/*.yaml; do
  n=$(basename "$y" .yaml)
  (cd "$F" && $TJ check "$n.yaml" >"$T/o" 2>"$T/e"); rc=$?
  case $n in
    ok*) [ $rc = 0 ] && ! grep -q ': \(error\|warning\):' "$T/e" && ok "check $n is clean" || ko "check $n is clean" "$rc $(cat "$T/e")" ;;
    *) if [ "${UPDATE:-0}" = 1 ]; then cp "$T/e" "tests/images/$n.err"; ok "$n.err (updated)"
       elif d=$(diff -u "tests/images/$n.err" "$T/e"); then
         { [ $rc = 1 ] || { [ $n = callout-twice ] && [ $rc = 1 ]; }; } && ok "check $n: exit 1, located diagnostics as in $n.err" || ko "check $n exit status $rc"
       else ko "check $n" "$d"; fi ;;
  esac
done
# build refuses a manual whose image is bad: nothing written
(cd "$F" && $TJ build -o out image-missing.yaml >"$T/o" 2>"$T/e"); rc=$?
[ $rc = 1 ] && [ ! -e "$F/out/image-missing" ] && grep -q 'image-missing.yaml:[0-9]*:[0-9]*: error: .*\[image-missing\]' "$T/e" && ok "build of a manual with a missing image: exit 1, nothing written" || ko "build missing image" "$rc $(cat "$T/e")"

# a screenshot that is a block of its own (not a step's): its replaced picture is a change the
# redline shows, old beside new, as for a step's screenshot below
B="$T/blk"; mkdir -p "$B/images"; cp tests/images/ok-image.yaml "$B/"; cp -r tests/check/shared "$B/"
"$MK" "$B/images/ok.png" 200 100 ok
(cd "$B" && $TJ release ok-image.yaml >/dev/null 2>&1)
"$MK" "$B/images/ok.png" 200 100 "new UI"
(cd "$B" && $TJ diff --releases releases -o d ok-image@1.0 ok-image.yaml >"$T/o" 2>"$T/e"); rc=$?
[ $rc = 0 ] && grep -q '画像の差し替え：ログイン画面］' "$B"/d/*.md && [ "$(ls "$B/d/images" 2>/dev/null | wc -l)" = 2 ] \
  && ok "a screenshot block's replaced picture: a change in the redline, old beside new" || ko "screenshot block redline" "$rc $(cat "$T/e") $(ls -R "$B/d")"

# ---- the real manual: Box with a screenshot and two callouts, in a copy
M="$T/m"; mkdir -p "$M"; cp -r manuals "$M/"; mkdir -p "$M/manuals/images/box"
"$MK" "$M/manuals/images/box/service-account.png" 800 500 "Box"
python3 - "$M/manuals/box.yaml" <<'PY'
import sys, re
p = sys.argv[1]; s = open(p, encoding='utf-8').read()
old = "          screenshot: サービスアカウント画面\n"
assert old in s
s = s.replace(old, """          screenshot:
            caption: サービスアカウント画面
            image: images/box/service-account.png
            callouts:
              - {step: box-open-service-account, x: 412, y: 96}
              - {step: box-grant, x: 120, y: 300}
""", 1)
# a new revision: the release of the last version holds no picture
last = list(re.finditer(r"  - version: 第(\d+)\.(\d+)版\n    date: [0-9-]+\n    text: [^\n]*\n", s))[-1]
row = "  - version: 第%s.%d版\n    date: 2026-12-01\n    text: 画像追加\n" % (last.group(1), int(last.group(2)) + 1)
s = s[:last.end()] + row + s[last.end():]
open(p, 'w', encoding='utf-8').write(s)
PY
cd "$M"
tj() { $TJ "$@" >"$T/o" 2>"$T/e"; rc=$?; }
tj build -o out manuals/box.yaml
[ $rc = 0 ] && ok "Box with a callout screenshot builds" || ko "build Box with screenshot" "$rc $(cat "$T/e")"
src=manuals/images/box/service-account.png
$TJ build -q --no-manifest -o "$T/dep" --depfile "$T/box.d" --deptarget box.stamp manuals/box.yaml 2>/dev/null
grep -q "^box.stamp: .* $src" "$T/box.d" && grep -qx "$src:" "$T/box.d" && ok "the depfile names the picture (make and tejun watch rebuild when it changes)" || ko "depfile image" "$(cat "$T/box.d")"
cmp -s "$src" out/box/images/box/service-account.png && cmp -s "$src" out/services/box/images/box/service-account.png \
  && ok "the image is published byte for byte beside the manual's and the service's HTML" || ko "image published" "$(find out -name '*.png')"
sha=$(sha256sum "$src" | cut -d' ' -f1)
python3 - out/manifest.json "$sha" <<'PY' && ok "the manifest lists both copies as images with their SHA-256" || ko "manifest image rows"
import json, sys
m = json.load(open(sys.argv[1]))
rows = [f for f in m["outputs"] if f["format"] == "image"]
assert sorted(f["path"] for f in rows) == ["box/images/box/service-account.png", "services/box/images/box/service-account.png"], rows
assert all(f["sha256"] == sys.argv[2] for f in rows)
PY
h=out/box/index.html
grep -q '<img src="images/box/service-account.png" alt="サービスアカウント画面" width="800" height="500">' $h \
  && grep -q '<figcaption>画面：サービスアカウント画面</figcaption>' $h && ok "<img> with width, height, the caption as alt and figcaption" || ko "img attributes" "$(grep -o '<figure class="shot"><span.\{0,300\}' $h)"
python3 - $h <<'PY' && ok "callouts: an SVG over the image in its pixels (viewBox 800x500), ① at (412, 96) and ② at (120, 300)" || ko "callout overlay" "$(grep -o '<svg.\{0,600\}' $h)"
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
svg = re.search(r'<svg class="callouts" viewBox="0 0 800 500" aria-hidden="true"[^>]*>(.*?)</svg>', s).group(1)
got = re.findall(r'<circle cx="(\d+)" cy="(\d+)" r="\d+"></circle><text x="\d+" y="\d+" dy="[^"]+" font-size="[\d.]+">(\d+)</text>', svg)
assert got == [("412", "96", "1"), ("120", "300", "2")], got
PY
grep -q '^- ① 初期ログイン時は左記画面が表示されます。' out/box/box.md && grep -q '^- ② 必要に応じて有効にするポリシーの選択し' out/box/box.md \
  && grep -q '^!\[画面：サービスアカウント画面\](<images/box/service-account.png>)$' out/box/box.md && ok "Markdown: the image, then its numbers listed with their steps" || ko "markdown callouts" "$(grep -n -A5 'service-account.png' out/box/box.md)"
if command -v cmark-gfm >/dev/null; then
  cmark-gfm -e table out/box/box.md | grep -q '<img src="images/box/service-account.png" alt="画面：サービスアカウント画面" />' && ok "cmark-gfm renders the Markdown image" || ko "cmark-gfm image"
fi
# printed: the overlay prints with the page (Chromium), the number stands on the picture's sheet
if command -v chromium >/dev/null && [ -z "${IMAGES_QUICK:-}" ]; then
  prof=$(mktemp -d)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --user-data-dir="$prof" \
    --print-to-pdf="$T/box.pdf" --no-pdf-header-footer "file://$M/$h" >/dev/null 2>&1
  rm -rf "$prof"
  pg=0; np=$(pdfinfo "$T/box.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')
  for i in $(seq "${np:-0}"); do pdftotext -f $i -l $i "$T/box.pdf" - 2>/dev/null | grep -q 'サービスアカウント画面' && { pg=$i; break; }; done
  [ "$pg" != 0 ] && pdfimages -list -f $pg -l $pg "$T/box.pdf" 2>/dev/null | awk 'NR > 2' | grep -q . \
    && pdftotext -f $pg -l $pg "$T/box.pdf" - | grep -qx '1' && pdftotext -f $pg -l $pg "$T/box.pdf" - | grep -q 'P9' \
    && ok "printed: the picture and its drawn numbers on the sheet of P9 (pdfimages, pdftotext)" || ko "printed callouts" "page $pg of ${np:-?}"
fi

# the page with the callout picture passes the Nu Html Checker and axe-core (WCAG 2.1 AA), as the others do
if [ -z "${IMAGES_QUICK:-}" ] && [ -d "$here/tests/a11y/node_modules/vnu-jar" ] && command -v java >/dev/null; then
  r=$(cd "$here" && bash tests/a11y/vnu.sh "$M/$h" "$M/out/services/box/index.html" 2>&1) && ok "Nu Html Checker: 0 errors on the pages with the callout picture" || ko "vnu on the callout page" "$r"
fi
if [ -z "${IMAGES_QUICK:-}" ] && [ -d "$here/tests/a11y/node_modules/axe-core" ] && command -v chromium >/dev/null; then
  r=$(cd "$here" && node tests/a11y/axe.js "$M/$h" 2>&1) && ok "axe-core WCAG 2.1 AA: 0 violations on the page with the callout picture" || ko "axe on the callout page" "$r"
fi

# ---- renumbering: a step inserted before them renumbers the callouts
cp manuals/box.yaml "$T/box.keep"
python3 - manuals/box.yaml <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding='utf-8').read()
a = s.index("  - id: box-cas-1"); b = s.index("\n  - id: ", a + 10)
page = s[a:b]
page = page.replace("      - step:\n          id: box-open-service-account", "      - step: {id: box-login-first, text: 管理コンソールにログインします。}\n      - step:\n          id: box-open-service-account", 1)
s = s[:a] + page + s[b:]
import re
s = re.sub(r"\n +number: [^\n]*", "", s)   # the printed numbers go: tejun numbers the steps
open(p, 'w', encoding='utf-8').write(s)
PY
tj build -o out manuals/box.yaml
python3 - out/box/index.html <<'PY' && grep -q '^- ② 初期ログイン時' out/box/box.md && grep -q '^- ③ 必要に応じて' out/box/box.md \
  && ok "a step inserted before them: the callouts are drawn ② and ③, and listed so in the Markdown" || ko "callouts renumbered" "$rc $(cat "$T/e")"
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
svg = re.search(r'<svg class="callouts"[^>]*>(.*?)</svg>', s).group(1)
assert re.findall(r'>(\d+)</text>', svg) == ["2", "3"], svg
PY
cp "$T/box.keep" manuals/box.yaml

# ---- JPEG: recognised by its bytes (SOF0 gives 640 x 360)
python3 - manuals/images/box/photo.jpg <<'PY'
import struct, sys
app0 = b'\xff\xe0' + struct.pack('>H', 16) + b'JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'
sof0 = b'\xff\xc0' + struct.pack('>HBHHB', 11, 8, 360, 640, 1) + b'\x01\x11\x00'
open(sys.argv[1], 'wb').write(b'\xff\xd8' + app0 + sof0 + b'\xff\xd9')
PY
sed -i 's|image: images/box/service-account.png|image: images/box/photo.jpg|' manuals/box.yaml
tj build -o out manuals/box.yaml
[ $rc = 0 ] && grep -q '<img src="images/box/photo.jpg" alt="サービスアカウント画面" width="640" height="360">' out/box/index.html && cmp -s manuals/images/box/photo.jpg out/box/images/box/photo.jpg \
  && [ ! -e out/box/images/box/service-account.png ] && [ ! -e out/services/box/images/box/service-account.png ] \
  && ok "a JPEG: recognised by its bytes, its size read from its frame header; the picture no page shows any more is removed from out/" || ko "jpeg" "$rc $(cat "$T/e") $(find out -name '*.png' -o -name '*.jpg')"
cp "$T/box.keep" manuals/box.yaml

# ---- releases: the picture's bytes are content
tj release manuals/box.yaml
ver=$(grep -o 'version: 第[0-9.]*版' manuals/box.yaml | tail -1 | sed 's/version: 第\(.*\)版/\1/')
snap=manuals/releases/box@$ver.xml
[ $rc = 0 ] && grep -q "sha256=\"$sha\"" $snap && grep -q '<callout step="box-open-service-account" n="1" mark="①" x="412" y="96"/>' $snap \
  && cmp -s $src manuals/releases/images/$sha.png && ok "tejun release: the snapshot holds the image's SHA-256 and the callouts; the picture is kept in releases/images/" || ko "release with image" "$rc $(cat "$T/e")"
# the release rebuilt as published: its picture from releases/images/, the numbers drawn
tj build -o "$T/rel" "box@$ver"
[ $rc = 0 ] && cmp -s $src "$T/rel/box/images/box/service-account.png" && grep -q '<circle cx="412" cy="96" r="16">' "$T/rel/box/index.html" \
  && ok "tejun build box@$ver: the release's picture published from releases/images/, its numbers drawn" || ko "build of a release with a picture" "$rc $(cat "$T/e")"
mv manuals/releases/images "$T/kept"
tj build -o "$T/rel2" "box@$ver"
[ $rc = 0 ] && grep -q "warning: the picture 'images/box/service-account.png' of this release (sha256 ${sha:0:12}…) is not kept in .*\[release-image\]" "$T/e" && [ ! -e "$T/rel2/box/images" ] \
  && ok "a release whose picture is not kept: built with a warning naming it" || ko "release picture missing" "$rc $(cat "$T/e")"
mv "$T/kept" manuals/releases/images
tj check manuals/box.yaml; [ $rc = 0 ] && ok "check after the release is clean" || ko "check after release" "$(cat "$T/e")"
"$MK" $src 800 500 "Box (new UI)"
tj check manuals/box.yaml
[ $rc = 1 ] && grep -q "error: content changed since 第$ver版 .*P9 box-cas-1; add a change-log row \[release-unbumped\]" "$T/e" && ok "a replaced image asks for a change-log row (release-unbumped)" || ko "replaced image" "$rc $(cat "$T/e")"
sed -i 's|{step: box-grant, x: 120, y: 300}|{step: box-grant, x: 130, y: 300}|' manuals/box.yaml
"$MK" $src 800 500 "Box"
tj check manuals/box.yaml
[ $rc = 1 ] && grep -q 'release-unbumped' "$T/e" && ok "a moved callout asks for a change-log row" || ko "moved callout" "$rc $(cat "$T/e")"
sed -i 's|{step: box-grant, x: 130, y: 300}|{step: box-grant, x: 120, y: 300}|' manuals/box.yaml
"$MK" $src 800 500 "Box (new UI)"
newsha=$(sha256sum $src | cut -d' ' -f1)
rm -rf out/diffs; tj diff "box@$ver" manuals/box.yaml -o out/diffs
r=$(ls out/diffs/*.html)
[ $rc = 0 ] && grep -q "<img src=\"images/$sha.png\" width=\"800\" height=\"500\" alt=\"サービスアカウント画面（旧）\">" $r && grep -q "<img src=\"images/$newsha.png\" width=\"800\" height=\"500\" alt=\"サービスアカウント画面（新）\">" $r \
  && cmp -s out/diffs/images/$sha.png manuals/releases/images/$sha.png && cmp -s out/diffs/images/$newsha.png $src \
  && ok "the redline shows a replaced image old beside new, both published beside it" || ko "redline images" "$rc $(cat "$T/e") $(ls -R out/diffs)"
grep -q "画像の差し替え：サービスアカウント画面］ 旧 !\[画面\](<images/$sha.png>) → 新 !\[画面\](<images/$newsha.png>)" out/diffs/*.md && ok "the Markdown redline links both pictures" || ko "md redline images" "$(grep -o '画像の差し替え.*' out/diffs/*.md)"
# the diff document with the image pair is valid against templates/diff.rng (an identity
# stylesheet in place of diff-html.xsl writes it as the .html)
mkdir -p "$T/dxt" && cp "$here"/templates/*.xsl "$T/dxt/"
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">' \
  '<xsl:output method="xml" encoding="UTF-8"/><xsl:template match="/"><xsl:copy-of select="."/></xsl:template></xsl:stylesheet>' >"$T/dxt/diff-html.xsl"
TEJUN_TEMPLATES="$T/dxt" $TJ diff "box@$ver" manuals/box.yaml -o "$T/dd" 2>"$T/e"
dd=$(ls "$T"/dd/*.html 2>/dev/null | head -1)
[ -n "$dd" ] && grep -q "<old src=\"images/box/service-account.png\" sha256=\"$sha\" type=\"image/png\" width=\"800\" height=\"500\" href=\"images/$sha.png\"/>" "$dd" \
  && xmllint --noout --relaxng "$here/templates/diff.rng" "$dd" 2>/dev/null && ok "the diff document's image pair is valid against templates/diff.rng" || ko "diff.rng image" "$(cat "$T/e"; xmllint --noout --relaxng "$here/templates/diff.rng" "$dd" 2>&1 | head -3)"
tj diff "box@$ver" manuals/box.yaml
grep -q "画像の差し替え サービスアカウント画面: sha256:${sha:0:12} → sha256:${newsha:0:12}" "$T/o" && ok "tejun diff on a terminal names the replaced image by digest" || ko "text diff image" "$(cat "$T/o")"
cd "$here"
[ $fails = 0 ]

#!/bin/bash
# Install what the test tools need (Debian 12, as root), then `npm ci` in tests/a11y.
#     bash tests/a11y/setup.sh
# Debian packages, each installed only if missing:
#   chromium                       tests/a11y/axe.js, tests/print/print.sh
#   default-jre-headless           tests/a11y/vnu.sh (Nu Html Checker)
#   fonts-ipaexfont-gothic/-mincho Japanese fonts for rendering and printing
#   poppler-utils                  tests/print/pdfhas.py (pdftotext)
#   python3-yaml python3-jsonschema tests/schema/validate.py
#   nodejs npm                     only if `node` / `npm` are not there at all
# npm packages (exact versions in package.json / package-lock.json): axe-core,
# puppeteer-core (uses /usr/bin/chromium, downloads no browser), vnu-jar. Install
# scripts are off (.npmrc): vnu-jar's would download a Java runtime from GitHub.
# Exit 0 when everything is in place, 1 otherwise (one line per problem).
set -u
here=$(cd "$(dirname "$0")" && pwd)
fail=0
bad() { echo "setup.sh: $*"; fail=1; }

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

want=(chromium default-jre-headless fonts-ipaexfont-gothic fonts-ipaexfont-mincho poppler-utils
      python3-yaml python3-jsonschema)
command -v node >/dev/null || want+=(nodejs)
command -v npm >/dev/null || want+=(npm)

missing=()
for p in "${want[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        bad "not root; install these first: apt-get install -y ${missing[*]}"
    else
        export DEBIAN_FRONTEND=noninteractive
        # check the names exist before installing (apt-cache policy shows a Candidate)
        unknown=()
        for p in "${missing[@]}"; do
            apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]' || unknown+=("$p")
        done
        if [ ${#unknown[@]} -gt 0 ]; then
            apt-get update -qq >/dev/null 2>&1 || bad "apt-get update failed"
        fi
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
            || bad "apt-get install -y ${missing[*]} failed"
    fi
fi

for c in chromium java node npm pdftotext; do
    command -v "$c" >/dev/null || bad "$c not found after installing"
done
if command -v node >/dev/null; then
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 18 ] || bad "node $major is too old (puppeteer-core 24 needs node >= 18)"
fi
fc-list 2>/dev/null | grep -qi ipaex || bad "IPAex fonts not found by fontconfig"

if command -v npm >/dev/null; then
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) \
        || bad "npm ci in tests/a11y failed"
    for m in axe-core/axe.min.js puppeteer-core/package.json vnu-jar/build/dist/vnu.jar; do
        [ -e "$here/node_modules/$m" ] || bad "node_modules/$m missing after npm ci"
    done
fi

[ $fail -eq 0 ] && echo "setup.sh: ready (chromium $(chromium --version 2>/dev/null | awk '{print $2}'), node $(node -v), java $(java -version 2>&1 | awk -F'"' 'NR==1{print $2}'))"
exit $fail

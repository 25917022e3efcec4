#!/usr/bin/env python3
"""Check that strings appear in the text of a PDF.

    python3 tests/print/pdfhas.py FILE.pdf STRING...

Extracts the text with pdftotext (poppler-utils) and looks for each STRING with
all whitespace removed on both sides (a PDF breaks lines anywhere). A string
not found verbatim is tried once more after Unicode NFKC normalisation of both
sides (ligatures, full-width forms). Prints one line per missing string; exit 0
if all are there, 1 otherwise.
"""
import re
import subprocess
import sys
import unicodedata


def squash(s):
    return re.sub(r"\s+", "", s).replace("\u200b", "").replace("\u00ad", "")


def main(argv):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print("usage: pdfhas.py FILE.pdf STRING...")
        return 1
    pdf, wanted = argv[1], argv[2:]
    try:
        res = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, timeout=120)
    except FileNotFoundError:
        print("pdfhas.py: pdftotext not found (apt-get install -y poppler-utils)")
        return 1
    except subprocess.TimeoutExpired:
        print("%s: pdftotext timed out" % pdf)
        return 1
    if res.returncode != 0:
        err = res.stderr.decode("utf-8", "replace").strip().splitlines()
        print("%s: pdftotext failed: %s" % (pdf, err[-1] if err else "exit %d" % res.returncode))
        return 1
    text = squash(res.stdout.decode("utf-8", "replace"))
    text_nfkc = squash(unicodedata.normalize("NFKC", text))
    bad = 0
    for w in wanted:
        s = squash(w)
        if s in text or squash(unicodedata.normalize("NFKC", s)) in text_nfkc:
            continue
        print("%s: missing: %s" % (pdf, w))
        bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))

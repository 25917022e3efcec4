#!/usr/bin/env python3
"""Checks on checklist PDFs for tests/checklist/run.sh (text through pdftotext, as a reader's
tool sees it). Each command prints what is wrong, one line each, and exits 1 when anything is.

    pdfcheck.py rows XML                  print the text of every row (step, wait, check), in order
    pdfcheck.py order XML PDF             every row text of XML is in PDF, in the same order
    pdfcheck.py foreign XML PDF OTHER...  no row text that only the OTHER checklists have is in PDF
    pdfcheck.py absent PDF STRING...      none of the strings is in PDF
    pdfcheck.py present PDF STRING...     every string is in PDF
    pdfcheck.py kinsoku PDF               no line starts with 。、）」 and the like
    pdfcheck.py pages PDF                 every page has the footer "x / y", x = 1..y, y = the page count
    pdfcheck.py fonts PDF                 every font is embedded, and one is a Japanese font
"""
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

NO_START = "。、，．）」』】〕〉》！？：；ゝゞ々ー…‥"


def text(pdf, layout=False):
    cmd = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [pdf, "-"]
    r = subprocess.run(cmd, capture_output=True, timeout=120)
    if r.returncode != 0:
        sys.exit("%s: pdftotext failed: %s" % (pdf, r.stderr.decode("utf-8", "replace").strip()))
    return r.stdout.decode("utf-8", "replace")


def squash(s):
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"[\s\u200b\u2060\u00ad]+", "", s)


def rows(xml):
    root = ET.parse(xml).getroot()
    out = []
    for e in root.iter():
        if e.tag in ("step", "wait", "check"):
            out.append("".join(e.find("text").itertext()).strip())
    return out


def main(argv):
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", errors="replace")
    if len(argv) < 3:
        print(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    bad = []
    if cmd == "rows":
        for t in rows(args[0]):
            print(t)
        return 0
    if cmd == "order":
        hay = squash(text(args[1]))
        pos = 0
        for t in rows(args[0]):
            i = hay.find(squash(t), pos)
            if i < 0:
                bad.append(("missing" if squash(t) not in hay else "out of order") + ": " + t)
            else:
                pos = i + len(squash(t))
    elif cmd == "foreign":
        mine = set(rows(args[0]))
        hay = squash(text(args[1]))
        for other in args[2:]:
            for t in rows(other):
                if t in mine or len(squash(t)) < 12:
                    continue
                if squash(t) in hay:
                    bad.append("from %s: %s" % (other, t))
    elif cmd in ("absent", "present"):
        hay = squash(text(args[0]))
        for s in args[1:]:
            if (squash(s) in hay) != (cmd == "present"):
                bad.append(("missing: " if cmd == "present" else "found: ") + s)
    elif cmd == "kinsoku":
        for n, line in enumerate(text(args[0], layout=False).splitlines(), 1):
            s = line.strip()
            if s and s[0] in NO_START:
                bad.append("line %d starts with %s: %s" % (n, s[0], s[:40]))
    elif cmd == "pages":
        info = subprocess.run(["pdfinfo", args[0]], capture_output=True, text=True).stdout
        m = re.search(r"^Pages:\s+(\d+)", info, re.M)
        n = int(m.group(1)) if m else 0
        pages = text(args[0]).split("\f")
        pages = [p for p in pages if p.strip()]
        if len(pages) != n:
            bad.append("pdfinfo says %d pages, the text has %d" % (n, len(pages)))
        for k, p in enumerate(pages, 1):
            if not re.search(r"(^|\s)%d\s*/\s*%d(\s|$)" % (k, n), p):
                bad.append("page %d has no footer '%d / %d'" % (k, k, n))
        if not bad:
            print(n)
    elif cmd == "fonts":
        out = subprocess.run(["pdffonts", args[0]], capture_output=True, text=True).stdout.splitlines()[2:]
        if not out:
            bad.append("no fonts")
        ja = False
        for line in out:
            f = line.split()
            # name type... encoding emb sub uni id gen: emb is the 5th field from the end
            if len(f) < 7 or f[-5] != "yes":
                bad.append("not embedded: " + line)
            if re.search(r"NotoSansCJK|NotoSerifCJK|IPAex|IPAGothic|NotoSansJP", f[0]):
                ja = True
        if not ja:
            bad.append("no Japanese font (Noto Sans CJK / IPAex) among: " + ", ".join(l.split()[0] for l in out))
    else:
        print(__doc__)
        return 2
    for b in bad:
        print("%s: %s" % (args[0] if cmd not in ("order", "foreign") else args[1], b))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

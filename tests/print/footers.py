#!/usr/bin/env python3
"""tests/print/footers.py PAGE.html PRINTED.pdf: every printed sheet's running footer
says the P number of the page that stands on it, as the decks print them.

The P pages are read from the HTML (each `<section id="pN">` and its heading). Reads each
sheet's text with pdftotext. The footer is the last word of the sheet's last line
(P1, P2, …). Asserts: the first sheet is the cover (P1, the manual's title on it); every P
page of the publication is found, by its heading (P<n> and the start of its title) at the
start of a line, on a sheet whose footer says P<n>; a page that fills several sheets keeps
its number on each (the footers never go back); no footer names a page that does not exist.
Prints one line per failure and exits 1, or a summary line and exits 0."""
import re
import subprocess
import sys
from html.parser import HTMLParser


class Pages(HTMLParser):
    """The P pages of a tejun HTML page: (n, heading text without its P number)."""
    def __init__(self):
        super().__init__()
        self.pages, self.title, self._in, self._h, self._t = [], "", None, False, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and re.fullmatch(r"p\d+", a.get("id") or ""):
            self._in = int(a["id"][1:])
        elif tag in ("h1", "h2") and self._in is not None:
            self._h, self._text = True, ""
        elif tag == "title":
            self._t = True

    def handle_endtag(self, tag):
        if tag in ("h1", "h2") and self._h:
            self.pages.append((self._in, re.sub(r"^P\d+", "", self._text).strip()))
            self._h, self._in = False, None
        elif tag == "title":
            self._t = False

    def handle_data(self, data):
        if self._h:
            self._text += data
        if self._t:
            self.title += data


def sheets(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    out = []
    for k in range(1, n + 1):
        t = subprocess.run(["pdftotext", "-layout", "-f", str(k), "-l", str(k), pdf, "-"],
                           capture_output=True, text=True, check=True).stdout
        out.append([line for line in t.splitlines() if line.strip()])
    return out


def main():
    p = Pages()
    p.feed(open(sys.argv[1], encoding="utf-8").read())
    pages = p.pages
    cover = dict(pages).get(1, "")
    numbers = {n for n, _ in pages}
    sh = sheets(sys.argv[2])
    bad = []
    foot = []
    for k, lines in enumerate(sh, 1):
        m = re.search(r"(P\d+)\s*$", lines[-1]) if lines else None
        if not m:
            bad.append(f"sheet {k}: no P number in its footer: {lines[-1] if lines else '(empty)'!r}")
            foot.append(None)
            continue
        foot.append(int(m.group(1)[1:]))
        if foot[-1] not in numbers:
            bad.append(f"sheet {k}: footer P{foot[-1]}, but the manual has no such page")
    if foot and foot[0] != 1:
        bad.append(f"sheet 1 (the cover) says P{foot[0]}")
    if not cover or (sh and not any(cover in line for line in sh[0])):
        bad.append("sheet 1 does not show the manual's title")
    for a, b in zip(foot, foot[1:]):
        if a is not None and b is not None and b < a:
            bad.append(f"the footers go back from P{a} to P{b}")
    for n, title in pages:
        if n == 1:
            continue
        head = re.compile(r"^\s*P%d\s+%s" % (n, re.escape(title[:6])))
        found = [k for k, lines in enumerate(sh) if foot[k] != 1 and any(head.match(line) for line in lines)]
        if not found:
            bad.append(f"P{n} {title}: its heading is on no sheet")
        for k in found:
            if foot[k] != n:
                bad.append(f"P{n} {title} stands on sheet {k + 1}, whose footer says P{foot[k]}")
    if bad:
        print("\n".join(bad))
        return 1
    print(f"{len(sh)} sheets, {len(pages)} P pages: every footer names the page on its sheet")
    return 0


if __name__ == "__main__":
    sys.exit(main())

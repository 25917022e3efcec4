#!/usr/bin/env python3
"""Fidelity check: every step sentence and ※ note of the published manuals
(tests/fidelity/sources/00*.txt, text extracted from the slide-deck PDFs) must
appear in the compiled HTML and Markdown.

    python3 tests/fidelity/fidelity.py OUTDIR        # check OUTDIR/<manual>/index.html and <manual>.md
    python3 tests/fidelity/fidelity.py --list        # print the extracted sentences, for review
    python3 tests/fidelity/fidelity.py --list box    # ... of one manual

Extraction. A *step sentence* is a line starting with a circled number ①..⑳
(possibly after "- " or spaces) followed by text, joined with its continuation
lines (the PDF wrapped them) until a blank line, a line starting with another
circled number, a ※ line, a bullet (・ • ⚫ "- "), a markdown heading, a page
break (in 000/001 a line starting with a space starts a new slide) or an English
screenshot description. A *note* is a ※ line with its continuation. Not taken:
screenshot text such as a lone ⑤, "①-1", "① <https://...>" (a URL alone),
"④ ⑤"; a circled number that ends a line ("…を開きます。⑤") is a screenshot
marker and is dropped.

Normalisation (source and output alike): drop the leading circled number or ※,
`**`, backticks, markdown escapes (\\_) and hard breaks (\\ at line end), unwrap <https://…> and [text](url),
remove all whitespace (also full-width spaces). The HTML is reduced to its text
content (html.parser; script/style/template skipped). The step numbers the
compiler prints may be anywhere, so a sentence that is not found verbatim is
looked up again with all circled numbers removed on both sides. A sentence that
occurs k times in the source must occur at least k times in the output.

Prints per manual `<manual>: N step sentences, N notes, N missing in html, N
missing in md` and each missing one; exits 1 if anything is missing.
"""
import html.parser
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, "sources")
MANUALS = [  # (source prefix, manual id)
    ("000", "google-workspace"),
    ("001", "box"),
    ("002", "microsoft-365"),
    ("003", "dropbox"),
]

CIRCLED = "\u2460-\u2473"  # ①..⑳
RE_STEP = re.compile(r"^[ \t\u3000]*(?:-[ \t]+)?([%s])(.*)$" % CIRCLED)
RE_NOTE = re.compile(r"^[ \t\u3000]*(?:-[ \t]+)?※(.*)$")
RE_BULLET = re.compile(r"^[ \t\u3000]*(?:[・•⚫●◦▪]|-[ \t]|\*[ \t]|#)")
RE_CIRCLED_ANY = re.compile(r"[%s]" % CIRCLED)
RE_TRAILING_MARKERS = re.compile(r"(?:[ \t\u3000]*[%s])+[ \t\u3000]*$" % CIRCLED)
RE_URL_ONLY = re.compile(r"^<?https?://\S+>?$")
RE_SUBSTEP = re.compile(r"^-[0-9０-９]+$")          # ①-1
RE_MARKERS_ONLY = re.compile(r"^[%s\s]*$" % CIRCLED)  # "④ ⑤"


def is_screenshot_description(line):
    s = line.strip()
    if re.match(r"^(The|This) screenshot\b", s):
        return True
    # a long line of plain English (no Japanese) inside a screenshot description
    return bool(s) and all(ord(c) < 0x3000 for c in s) and "screenshot" in s.lower()


def normalise(s, markdown=True):
    s = s.replace("**", "")
    if markdown:
        s = re.sub(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)", r"\1", s)  # [text](url) -> text
        s = re.sub(r"<((?:https?|mailto):[^<>\s]+)>", r"\1", s)          # <https://x> -> https://x
        s = re.sub(r"\\\r?\n", "\n", s)                                  # hard line break "\" at end of line
        s = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s)                     # \_ -> _
        s = s.replace("`", "")
    s = re.sub(r"\s+", "", s)
    s = s.replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")
    return s


def extract(path):
    """Return a list of (kind, raw sentence, line number); kind is 'step' or 'note'."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    i = 0
    n = len(lines)

    def ends_continuation(line):
        return (not line.strip()
                or RE_STEP.match(line) is not None
                or RE_NOTE.match(line) is not None
                or RE_BULLET.match(line) is not None
                or line[:1] in (" ", "\t", "\u3000")      # new slide (000/001) or screenshot text
                or is_screenshot_description(line))

    while i < n:
        line = lines[i]
        m_step = RE_STEP.match(line)
        m_note = None if m_step else RE_NOTE.match(line)
        if not m_step and not m_note:
            i += 1
            continue
        start = i
        first = (m_step.group(2) if m_step else m_note.group(1))
        parts = [first]
        i += 1
        while i < n and not ends_continuation(lines[i]):
            parts.append(lines[i])
            i += 1
        if m_step:
            text = first.strip()
            if (not text or RE_MARKERS_ONLY.match(text) or RE_SUBSTEP.match(text)
                    or RE_URL_ONLY.match(text)):
                # screenshot marker, "①-1", "① <https://…>": not a step, and its
                # "continuation" is screenshot text too
                continue
        parts = [RE_TRAILING_MARKERS.sub("", p) for p in parts]
        raw = "\n".join(p.rstrip() for p in parts).strip()
        if not normalise(raw):
            continue
        out.append(("step" if m_step else "note", raw, start + 1))
    return out


class TextExtractor(html.parser.HTMLParser):
    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(path):
    p = TextExtractor()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return normalise("".join(p.parts), markdown=False)


def md_text(path):
    with open(path, encoding="utf-8") as f:
        return normalise(f.read(), markdown=True)


def source_file(prefix):
    for name in sorted(os.listdir(SOURCES)):
        if name.startswith(prefix + "_") and name.endswith(".txt"):
            return os.path.join(SOURCES, name)
    return None


def missing_in(sentences, hay):
    """sentences: list of (kind, raw, line, norm). Return those not found often enough."""
    hay_nc = RE_CIRCLED_ANY.sub("", hay)
    need = {}
    for s in sentences:
        need[s[3]] = need.get(s[3], 0) + 1
    missing = []
    seen = {}
    for s in sentences:
        norm = s[3]
        seen[norm] = seen.get(norm, 0) + 1
        found = max(hay.count(norm), hay_nc.count(RE_CIRCLED_ANY.sub("", norm)))
        if found < seen[norm]:
            missing.append((s, found, need[norm]))
    return missing


def show(s):
    kind, raw, line, norm = s
    t = " ".join(raw.split())
    return t[:60] + ("…" if len(t) > 60 else "")


def main(argv):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass
    args = argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print("usage: fidelity.py OUTDIR | fidelity.py --list [MANUAL...]")
        return 1
    listing = args[0] == "--list"
    only = set(args[1:]) if listing else set()
    outdir = None if listing else args[0]
    if outdir is not None and not os.path.isdir(outdir):
        print("%s: not a directory" % outdir)
        return 1
    bad = 0
    for prefix, manual in MANUALS:
        if only and manual not in only and prefix not in only:
            continue
        src = source_file(prefix)
        if src is None:
            print("%s: source %s_*.txt not found in %s" % (manual, prefix, SOURCES))
            bad = 1
            continue
        sentences = [(k, raw, line, normalise(raw)) for k, raw, line in extract(src)]
        steps = sum(1 for s in sentences if s[0] == "step")
        notes = len(sentences) - steps
        if listing:
            print("# %s (%s): %d step sentences, %d notes" % (manual, os.path.basename(src), steps, notes))
            for k, raw, line, norm in sentences:
                print("%s:%d: %s %s" % (os.path.basename(src)[:3], line, "STEP" if k == "step" else "NOTE",
                                        " ⏎ ".join(raw.split("\n"))))
            continue
        results = {}
        for what, fname, reader in (("html", "index.html", html_text), ("md", manual + ".md", md_text)):
            path = os.path.join(outdir, manual, fname)
            if not os.path.isfile(path):
                results[what] = None
                continue
            results[what] = missing_in(sentences, reader(path))
        counts = ["%s" % ("no file" if results[w] is None else len(results[w])) for w in ("html", "md")]
        print("%s: %d step sentences, %d notes, %s missing in html, %s missing in md"
              % (manual, steps, notes, counts[0], counts[1]))
        for what, fname in (("html", "index.html"), ("md", manual + ".md")):
            if results[what] is None:
                print("  %s: %s not found" % (manual, os.path.join(outdir, manual, fname)))
                bad = 1
                continue
            for s, found, need in results[what]:
                bad = 1
                extra = " (found %d of %d)" % (found, need) if found else ""
                print("  %s: missing in %s: %s line %d %s: %s%s"
                      % (manual, what, os.path.basename(src)[:3], s[2], s[0], show(s), extra))
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))

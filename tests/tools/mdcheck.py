#!/usr/bin/env python3
"""mdcheck.py: renders tejun's Markdown with cmark-gfm (--unsafe: raw HTML would come through;
GitHub's table extension) and checks the HTML against the document it was written from.

    mdcheck.py pub XML MD         MD written from the publication XML (tejun build --emit=xml)
    mdcheck.py redline HTML MD    MD redline against the HTML redline of the same diff

Both: every element and attribute is in an allow-list like GitHub's sanitiser (the structural
tags cmark makes, plus ins/del; a[href] and img[src] only http(s) or relative), and the only raw
HTML is the header comment.
pub: the same number of headings, lists, quotes, code blocks, tables and rules as the XML holds
and no ordered list; each cover line, page title, paragraph, note, list item, step, heading,
change-log row and change is one element whose text is the data's text; each code span is one
<code> holding exactly its text, each code block one <pre><code> holding exactly its text, each
table has the XML's rows and cells, each cell holding its data's text.
redline: the page and item labels read as in the HTML redline, each change's text is the same,
and its insertions and deletions are the same <ins> and <del> runs, never bare ** or ~~.
Prints each difference; exit 1 if any."""
import collections, html.parser, re, subprocess, sys, urllib.parse
import xml.etree.ElementTree as ET

ALLOWED = {"p": set(), "h1": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
           "ul": set(), "ol": {"start"}, "li": set(), "blockquote": set(), "pre": set(), "code": set(),
           "em": set(), "strong": set(), "a": {"href"}, "img": {"src", "alt"}, "table": set(),
           "thead": set(), "tbody": set(), "tr": set(), "th": {"align"}, "td": {"align"}, "br": set(),
           "hr": set(), "ins": set(), "del": set()}
VOID = {"br", "img", "hr", "input", "meta", "link"}
SKIP = {"style", "script", "head", "title"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []

    def text(self):
        out = []
        def walk(n):
            for k in n.kids:
                if isinstance(k, str): out.append(k)
                elif k.tag == "br": out.append(" ")
                elif k.tag not in SKIP: walk(k)
        walk(self)
        return "".join(out)

    def iter(self, tag=None):
        for k in self.kids:
            if isinstance(k, Node):
                if tag is None or k.tag == tag: yield k
                yield from k.iter(tag)

    def inside(self, tag):
        p = self.parent
        while p is not None:
            if p.tag == tag: return True
            p = p.parent
        return False


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.comments = []
        self.decls = []

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID: self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag: n = n.parent
        if n is not self.root: self.cur = n.parent

    def handle_data(self, d): self.cur.kids.append(d)
    def handle_comment(self, d): self.comments.append(d)
    def handle_decl(self, d): self.decls.append(d)



def jadate(d):
    """A date as the outputs print it (2021-08-25 → 2021年08月25日)."""
    return re.sub(r"^(\d{4})-(\d{2})-(\d{2})$", r"\1年\2月\3日", d or "")

def parse(s):
    t = Tree(); t.feed(s); t.close()
    return t


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def render(md, *ext):
    args = ["cmark-gfm", "--unsafe", "-e", "table"]
    for e in ext: args += ["-e", e]
    return subprocess.run(args + [md], capture_output=True, check=True, text=True).stdout


def url_ok(u):
    low = u.lower()
    if low.startswith(("http://", "https://")): return True
    if u.startswith("//"): return False
    head = re.split(r"[/?#]", u, 1)[0]
    return ":" not in head


def allow(tree, problems, comments=1):
    for n in tree.root.iter():
        if n.tag not in ALLOWED:
            problems.append(f"element <{n.tag}> {n.attrs} is not allowed"); continue
        for a, v in n.attrs.items():
            if a not in ALLOWED[n.tag]: problems.append(f"attribute {a}={v!r} on <{n.tag}> is not allowed")
            elif a in ("href", "src") and not url_ok(v or ""): problems.append(f"<{n.tag} {a}={v!r}>: not http(s) or relative")
    if len(tree.comments) != comments or tree.decls:
        problems.append(f"raw HTML: {len(tree.comments)} comments (want {comments}), declarations {tree.decls}")


# ---- pub ----

def itext(e, code_nl=" "):
    """The text of an inline element of the intermediate XML, as a reader sees it."""
    def data(s):   # the indentation --emit=xml adds between elements is not data
        return "" if s and "\n" in s and not s.strip() else (s or "")
    out = [data(e.text)]
    for k in e:
        if k.tag == "br": out.append(" ")
        elif k.tag == "code": out.append((k.text or "").replace("\n", code_nl))
        else: out.append(itext(k))
        out.append(data(k.tail))
    return "".join(out)


def when(e, fmt="［条件：%s］ "):
    return fmt % e.get("when-label") if e.get("when-label") is not None else ""


LABEL = {"added": "追加", "removed": "削除", "moved": "移動", "moved-changed": "移動・変更"}


def expected(root):
    want = collections.Counter()   # (kind, text)
    blocks = collections.Counter()
    codes, pres, tables = [], [], []
    pub_title = root.get("title") + ("［%s］" % root.get("service-name") if root.get("view") == "service" else "")
    want[("h1", norm(pub_title))] += 1
    want[("p", norm("%s %s %s（%s）" % (root.get("product"), root.get("publisher"), root.get("version"), jadate(root.get("date")))))] += 1
    blocks.update({"h1": 1, "h2": 2, "ul": 1, "hr": 1, "table": 1})   # cover, 目次 and its list, the change log, the rule
    cl = root.find("changelog")
    tables.append(([["年月日", "版", "変更内容等"]], [[jadate(r.get("date")), r.get("version"), norm(r.text or "")] for r in cl.findall("revision")]))
    want[("h2", norm("P%s 変更履歴" % cl.get("n")))] += 1
    ch = root.find("changes")
    if ch is not None:
        blocks["h2"] += 1
        items = 0
        for r in ch.findall("revision"):
            want[("li", norm("%s（%s）%s" % (r.get("version"), jadate(r.get("date")), r.text or "")))] += 1; items += 1
        for c in ch.findall("change"):
            if c.get("page"): what = "P%s %s" % (c.get("page"), c.get("title"))
            elif c.get("old-page"): what = "（旧P%s） %s" % (c.get("old-page"), c.get("old-title"))
            else: what = c.get("what")
            if c.get("mark"): what += " 手順" + c.get("mark")
            want[("li", norm(what + "：" + LABEL.get(c.get("status"), "変更")))] += 1; items += 1
        if items: blocks["ul"] += 1

    def inline_codes(e):
        for k in e.iter("code"): codes.append(k.text or "")

    def table(t):
        head = [[norm(itext(c)) for c in h.findall("cell")] for h in t.findall("head")]
        rows = [[norm((when(r) if i == 0 else "") + itext(c)) for i, c in enumerate(r.findall("cell"))] for r in t.findall("row")]
        width = len(head[0]) if head and head[0] else max([len(r) for r in rows] or [0])
        if not head or not head[0]: head = [[""] * width]   # GitHub needs a head
        if width:   # a table without a cell is nothing
            blocks["table"] += 1
            tables.append((head, [r + [""] * (width - len(r)) for r in rows]))
        for c in t.iter("cell"): inline_codes(c)

    def part(e):
        if e.tag == "note":
            blocks["blockquote"] += 1; want[("blockquote", norm("※" + when(e, "［条件：%s］ ") + itext(e)))] += 1; inline_codes(e)
        elif e.tag == "list":
            blocks["ul"] += 1
            for it in e.findall("item"): want[("li", norm(when(it) + itext(it)))] += 1; inline_codes(it)
        elif e.tag == "table": table(e)
        elif e.tag == "code": blocks["pre"] += 1; pres.append(e.text if (e.text or "").endswith("\n") else (e.text or "") + "\n")
        elif e.tag == "screenshot":
            if e.get("src"): want[("img", (e.get("src"), "画面：" + e.get("caption")))] += 1
            else: want[("p", norm("［画面：%s］" % e.get("caption")))] += 1

    for p in root.findall("page"):
        blocks["h2"] += 1
        t = "P%s %s" % (p.get("n"), p.get("title"))
        if p.get("changed"): t += "（%sあり）" % LABEL.get(p.get("changed"), "変更")
        want[("h2", norm(t))] += 1
        if p.get("when-label") is not None: want[("p", norm("［条件］" + p.get("when-label")))] += 1
        for e in p:
            if e.tag == "para": want[("p", norm(when(e) + itext(e)))] += 1; inline_codes(e)
            elif e.tag == "heading": blocks["h3"] += 1; want[("h3", norm(itext(e)))] += 1; inline_codes(e)
            elif e.tag == "step":
                if e.get("when-label") is not None: want[("p", norm("［条件］" + e.get("when-label")))] += 1
                lead = "［%s］ " % LABEL.get(e.get("changed"), "変更") if e.get("changed") else ""
                want[("p", norm(lead + e.get("mark") + " " + itext(e.find("text"))))] += 1
                inline_codes(e.find("text"))
                for k in e:
                    if k.tag != "text": part(k)
            else: part(e)
    tm = root.find("trademarks")
    blocks["h2"] += 1
    want[("h2", norm("P%s 商標について" % tm.get("n")))] += 1
    if tm.findall("trademark"): blocks["ul"] += 1
    for t in tm.findall("trademark"): want[("li", norm(itext(t)))] += 1; inline_codes(t)
    return want, blocks, codes, pres, tables


def check_pub(xml_path, md_path):
    problems = []
    root = ET.parse(xml_path).getroot()
    tree = parse(render(md_path))
    allow(tree, problems)
    want, blocks, codes, pres, tables = expected(root)
    got = collections.Counter()
    for n in tree.root.iter():
        if n.tag in ("p",) and not n.inside("li") and not n.inside("blockquote"):
            got[("p", norm(n.text()))] += 1
        elif n.tag in ("li", "h1", "h2", "h3"): got[(n.tag, norm(n.text()))] += 1
        elif n.tag == "blockquote": got[("blockquote", norm(n.text()))] += 1
        elif n.tag == "img": got[("img", (urllib.parse.unquote(n.attrs.get("src", "")), n.attrs.get("alt", "")))] += 1
    for k, c in (want - got).items():
        problems.append(f"{c}× not rendered as one <{k[0]}>: {k[1]!r}")
    for tag in ("h1", "h2", "h3", "ul", "ol", "blockquote", "pre", "table", "hr"):
        n = sum(1 for _ in tree.root.iter(tag))
        if n != blocks.get(tag, 0): problems.append(f"{n} <{tag}> rendered, {blocks.get(tag, 0)} in the XML")
    got_codes = [n.text() for n in tree.root.iter("code") if not n.inside("pre")]
    if got_codes != codes:
        problems.append("code spans differ:\n  xml:  %r\n  html: %r" % (codes, got_codes))
    got_pres = [n.text() for n in tree.root.iter("pre")]
    if got_pres != pres:
        problems.append("code blocks differ:\n  xml:  %r\n  html: %r" % (pres, got_pres))
    got_tables = []
    for t in tree.root.iter("table"):
        head = [[norm(c.text()) for c in r.iter("th")] for r in t.iter("tr") if any(True for _ in r.iter("th"))]
        rows = [[norm(c.text()) for c in r.iter("td")] for r in t.iter("tr") if not any(True for _ in r.iter("th"))]
        got_tables.append((head, rows))
    for i, (w, g) in enumerate(zip(tables, got_tables)):
        if w != g: problems.append(f"table {i + 1} differs:\n  xml:  {w!r}\n  html: {g!r}")
    return problems


# ---- redline ----

def label(s):
    return re.sub(r"[\s（）]", "", s)


def runs(node, out):
    for n in node.iter():
        if n.tag in ("ins", "del"): out.append((n.tag, n.text()))


def check_redline(html_path, md_path):
    problems = []
    ref = parse(open(html_path, encoding="utf-8").read())
    tree = parse(render(md_path, "strikethrough"))
    allow(tree, problems)
    want_h, want_items, want_runs = [], [], []
    for sec in ref.root.iter("section"):
        h = next(sec.iter("h2"))
        if h.attrs.get("id") == "why": continue
        want_h.append(label(h.text()))
        for div in sec.iter("div"):
            if "change" not in div.attrs.get("class", "").split(): continue
            ps = list(div.iter("p"))
            what = [p for p in ps if "what" in p.attrs.get("class", "")]   # none for a field
            text = [p for p in ps if "text" in p.attrs.get("class", "")]
            want_items.append((label(what[0].text()) if what else None, norm(text[0].text()) if text else None))
            if text: runs(text[0], want_runs)
    got_h, got_items, got_runs = [], [], []
    hs = list(tree.root.iter("h2"))[1:]   # after 変更履歴（この間の版）
    for h in hs: got_h.append(label(h.text()))
    body = [n for n in tree.root.kids if isinstance(n, Node)]
    for n in body:
        if n.tag == "ul":
            for li in n.iter("li"):
                t = li.text()
                what, _, rest = t.partition("：")
                got_items.append((label(what), norm(rest) if _ else None))
                runs(li, got_runs)
        elif n.tag == "p" and any(k.tag in ("ins", "del") for k in n.iter()):
            got_items.append((None, norm(n.text()))); runs(n, got_runs)
    if got_h != want_h: problems.append("page and field headings differ:\n  html: %r\n  md:   %r" % (want_h, got_h))
    if got_items != want_items: problems.append("changes differ:\n  html: %r\n  md:   %r" % (want_items, got_items))
    if got_runs != want_runs: problems.append("insertions and deletions differ:\n  html: %r\n  md:   %r" % (want_runs, got_runs))
    if not want_runs: problems.append(f"{html_path}: no insertion or deletion to compare")
    for n in tree.root.iter():
        if n.tag in ("strong", "em"): problems.append(f"<{n.tag}>{n.text()}</{n.tag}> in the redline")
    text = tree.root.text()
    for m in ("**", "~~"):
        if m in text: problems.append(f"a bare {m} shows in the redline: …{text[max(0, text.index(m) - 30):text.index(m) + 30]}…")
    return problems


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("pub", "redline"):
        print(__doc__, file=sys.stderr); return 2
    problems = (check_pub if sys.argv[1] == "pub" else check_redline)(sys.argv[2], sys.argv[3])
    for p in problems: print(f"{sys.argv[3]}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""sitecheck.py OUT MANUALS_DIR [PROFILE.yaml...]: out/index.html, the landing page, against the
files on disk and the manuals.

- every link is relative (no scheme, no leading /, no . or .. segment, no query) and resolves
  to a regular file under OUT; every in-page link (#…) to an element of the page;
- every output on disk is linked, where it belongs: each manual's page and Markdown
  (OUT/<id>/index.html, <id>.md) in that manual's card, with its title, version, date and
  label (from MANUALS_DIR/<id>.yaml and the catalog); each service page (OUT/services/<s>/)
  in the card of the manual that lists the service, beside the service's catalog name; each
  redline (OUT/diffs/<id>-<old>..<new>.html, .md) in its manual's card, in the row of version
  <new>; each checklist (OUT/checklists/*.pdf, .html) beside its service's name, and each
  customer's (OUT/checklists/customers/<id>.*) beside the company of its profile;
- each manual's releases (MANUALS_DIR/releases/<id>@<tag>.xml) in its card, newest first, with
  the version and date each snapshot holds;
- no <script>, <img>, <iframe>, <object> or event-handler attribute; lang="ja"; a
  Content-Security-Policy without script.
Prints what is wrong and exits 1, or prints a summary and exits 0."""
import glob, os, re, sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
import yaml

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], []

    def all_text(self):
        return "".join(self.text) + "".join(c.all_text() for c in self.children)

    def iter(self, tag=None):
        if tag is None or self.tag == tag:
            yield self
        for c in self.children:
            yield from c.iter(tag)

    def ancestor(self, tag, **attrs):
        n = self.parent
        while n is not None:
            if n.tag == tag and all(n.attrs.get(k) == v for k, v in attrs.items()):
                return n
            n = n.parent
        return None


class Tree(HTMLParser):
    """A small DOM: text is kept in document order as children 'text' nodes."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.bad = []

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        for k, _ in attrs:
            if k.startswith("on"):
                self.bad.append(f"event-handler attribute {k} on <{tag}>")
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.cur = self.cur.parent

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is None:
            self.bad.append(f"</{tag}> closes nothing")
            return
        self.cur = n.parent

    def handle_data(self, data):
        t = Node("#text", [], self.cur)
        t.text.append(data)
        self.cur.children.append(t)


def text(n):
    return re.sub(r"\s+", " ", n.all_text()).strip()


def tag_key(t):
    return [int(x) for x in t.split(".")]


def main():
    out, mdir, profiles = sys.argv[1], sys.argv[2], sys.argv[3:]
    page = os.path.join(out, "index.html")
    tree = Tree()
    tree.feed(open(page, encoding="utf-8").read())
    root = tree.root
    errs = list(tree.bad)
    realout = os.path.realpath(out)

    html = next(root.iter("html"), None)
    if html is None or html.attrs.get("lang") != "ja":
        errs.append('no <html lang="ja">')
    for t in ("script", "img", "iframe", "object", "embed", "form", "base"):
        if next(root.iter(t), None) is not None:
            errs.append(f"the page holds a <{t}>")
    csp = [m.attrs.get("content", "") for m in root.iter("meta") if m.attrs.get("http-equiv", "").lower() == "content-security-policy"]
    if len(csp) != 1 or "default-src 'none'" not in csp[0] or "script" in csp[0]:
        errs.append(f"Content-Security-Policy missing or allowing script: {csp}")

    ids = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
    links = {}   # href -> [a nodes]
    for a in root.iter("a"):
        h = a.attrs.get("href")
        if h is None:
            errs.append(f"a link without href: {text(a)}")
            continue
        if h.startswith("#"):
            if h[1:] not in ids:
                errs.append(f"in-page link {h} has no target")
            continue
        segs = h.split("/")
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", h) or h.startswith("/") or "?" in h or "#" in h or "\\" in h \
                or any(s in ("", ".", "..") for s in segs):
            errs.append(f"link {h!r} is not a plain relative path under {out}")
            continue
        p = os.path.realpath(os.path.join(out, h))
        if not p.startswith(realout + os.sep) or not os.path.isfile(p):
            errs.append(f"link {h!r} does not resolve to a file under {out}")
            continue
        links.setdefault(h, []).append(a)

    def linked_in(href, section_id=None):
        """the <a> nodes linking href, inside the section of that id when given"""
        return [a for a in links.get(href, []) if section_id is None or a.ancestor("section", id=section_id) is not None]

    def row_of(a):
        return a.ancestor("tr")

    cat = yaml.safe_load(open(os.path.join(mdir, "shared", "catalog.yaml"), encoding="utf-8"))
    svc_name = {s["id"]: s["name"] for s in cat.get("services", [])}
    manuals = {}
    for y in sorted(glob.glob(os.path.join(mdir, "*.yaml"))):
        m = yaml.safe_load(open(y, encoding="utf-8"))
        manuals[m["id"]] = m
    sections = {n.attrs["id"]: n for n in root.iter("section") if "id" in n.attrs}
    counts = {"manual pages": 0, "service pages": 0, "releases": 0, "redlines": 0, "checklists": 0}

    service_of = {}
    for mid, m in manuals.items():
        sec = sections.get(f"m-{mid}")
        if sec is None:
            errs.append(f"manual {mid}: no card (section id=m-{mid})")
            continue
        st = text(sec)
        last = m["changelog"][-1]
        label = m.get("label", cat.get("label"))
        for what, val in (("title", m["title"]), ("version", last["version"]), ("date", str(last["date"])), ("label", label)):
            if str(val) not in st:
                errs.append(f"manual {mid}: its {what} {val!r} is not in its card")
        for rel in (f"{mid}/index.html", f"{mid}/{mid}.md"):
            if os.path.isfile(os.path.join(out, rel)):
                counts["manual pages"] += 1
                if not linked_in(rel, f"m-{mid}"):
                    errs.append(f"{rel} is on disk but not linked in the card of {mid}")
            elif rel in links:
                errs.append(f"{rel} is linked but not on disk")
        for s in m.get("services", []):
            service_of.setdefault(s, mid)
        # releases: newest first, with the version and date of each snapshot
        rels = []
        for f in glob.glob(os.path.join(mdir, "releases", f"{glob.escape(mid)}@*.xml")):
            tag = os.path.basename(f)[len(mid) + 1:-4]
            if not re.fullmatch(r"[0-9]+(\.[0-9]+)*", tag):
                continue
            pub = ET.parse(f).getroot().find("publication")
            rels.append((tag, pub.get("version"), pub.get("date")))
        rels.sort(key=lambda r: tag_key(r[0]), reverse=True)
        rows = [text(tr) for tr in sec.iter("tr")]
        at = []
        for tag, ver, date in rels:
            hit = [i for i, r in enumerate(rows) if r.startswith(ver) and date in r]
            if not hit:
                errs.append(f"release {mid}@{tag} ({ver}, {date}) is not in the card of {mid}")
            else:
                at.append(hit[0])
                counts["releases"] += 1
        if at != sorted(at):
            errs.append(f"the releases of {mid} are not newest first: rows {at}")

    for d in sorted(glob.glob(os.path.join(out, "services", "*"))):
        s = os.path.basename(d)
        mid = service_of.get(s)
        for rel in (f"services/{s}/index.html", f"services/{s}/{s}.md"):
            if not os.path.isfile(os.path.join(out, rel)):
                continue
            counts["service pages"] += 1
            if mid is None:
                errs.append(f"{rel}: no manual lists the service {s}")
                continue
            hits = linked_in(rel, f"m-{mid}")
            if not hits:
                errs.append(f"{rel} is on disk but not linked in the card of {mid}")
            elif svc_name.get(s, s) not in text(row_of(hits[0])):
                errs.append(f"{rel}: its row does not name the service {svc_name.get(s)!r}")

    for f in sorted(glob.glob(os.path.join(out, "diffs", "*"))):
        b = os.path.basename(f)
        m = re.fullmatch(r"([a-z0-9][a-z0-9-]*)-([0-9.]+)\.\.([0-9.]+)\.(html|md)", b)
        if not m:
            continue
        mid, old, new = m.group(1), m.group(2), m.group(3)
        counts["redlines"] += 1
        hits = linked_in(f"diffs/{b}", f"m-{mid}")
        if not hits:
            errs.append(f"diffs/{b} is on disk but not linked in the card of {mid}")
            continue
        r = text(row_of(hits[0]))
        ver = f"第{new}版"
        if not r.startswith(ver) or f"第{old}版から" not in r:
            errs.append(f"diffs/{b} is not in the row of {ver} (from 第{old}版): {r!r}")

    for f in sorted(glob.glob(os.path.join(out, "checklists", "*.*"))):
        b = os.path.basename(f)
        s, ext = os.path.splitext(b)
        if ext not in (".pdf", ".html"):
            continue
        counts["checklists"] += 1
        hits = linked_in(f"checklists/{b}", "checklists")
        if not hits:
            errs.append(f"checklists/{b} is on disk but not linked in the checklists")
        elif svc_name.get(s, s) not in text(row_of(hits[0])):
            errs.append(f"checklists/{b}: its row does not name the service {svc_name.get(s)!r}")
    companies = {}
    for p in profiles:
        companies[os.path.basename(p)[:-5]] = yaml.safe_load(open(p, encoding="utf-8"))["company"]
    for f in sorted(glob.glob(os.path.join(out, "checklists", "customers", "*.*"))):
        b = os.path.basename(f)
        cid, ext = os.path.splitext(b)
        if ext not in (".pdf", ".html") or cid not in companies:
            continue
        counts["checklists"] += 1
        hits = linked_in(f"checklists/customers/{b}", "checklists")
        if not hits:
            errs.append(f"checklists/customers/{b} is on disk but not linked in the checklists")
        elif companies[cid] not in text(row_of(hits[0])):
            errs.append(f"checklists/customers/{b}: its row does not name the company {companies[cid]!r}")

    if errs:
        print("\n".join(errs))
        return 1
    print(", ".join(f"{v} {k}" for k, v in counts.items()) + f", {sum(len(v) for v in links.values())} links, all resolving")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""tests/pathological/run.py: inputs built to grow, run through the real tejun command (in the
manner of cmark's test/pathological_tests.py).

Each case writes an input at two sizes, n and 4n, runs the command it needs (check, build,
release, diff, checklist) under a timeout and asserts, at both sizes, the exit status and a
diagnostic (no crash, no hang), and between the sizes:
  - CPU time (user + sys of the child, from os.wait4): t(4n) <= 8 x t(n), the minimum of a few
    runs (a run below FLOOR seconds counts as FLOOR: noise dominates there);
  - peak memory (ru_maxrss): m(4n) <= 8 x m(n).
A quadratic path gives about 16x; a linear one about 4x (less, with the start-up cost).

  tests/pathological/run.py [--only NAME,...] [--list] [--timeout S]
  tests/pathological/run.py --issue [--only ...]   one run of each case at the size the issue
                                                   reported (seconds and MB; slow)
TEJUN=... runs another binary (e.g. build/asan/tejun). Prints "ok   pathological NAME ..." or
"FAIL pathological NAME ..." per case; exits 1 on any failure."""
import argparse
import json
import os
import re
import struct
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEJUN = shlex.split(os.environ.get("TEJUN", "./tejun"))
# Under ASan (make check-asan) every strstr call measures the whole rest of its string, which no
# libc does: a text scanned once by strstr from one 【 to the next would time as quadratic.
ENV = dict(os.environ, ASAN_OPTIONS=(os.environ.get("ASAN_OPTIONS", "") + ":intercept_strstr=0").lstrip(":"))
FLOOR = 0.03          # seconds: shorter runs are timed as this long
TIME_RATIO = 8.0
MEM_RATIO = 8.0
RUSAGE = None        # the launcher, built at start
CAP = 200             # diagnostics printed per run (gen/diag.h DIAG_MAX_SHOWN)

H = """id: h
title: テスト
services: [box]
trademarks: [x]
changelog: [{version: 第1.0版, date: 2024-01-10, text: 初版}]
"""


def q(s):
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(s, ensure_ascii=False)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def one_page(text, extra=""):
    """H with one page holding one step of `text`."""
    return H + f"""pages:
  - id: p
    procedure: 手順
    service: box
    body:
      - step: {{id: s, text: {q(text)}{extra}}}
"""


def catalog():
    with open(os.path.join(ROOT, "manuals/shared/catalog.yaml"), encoding="utf-8") as f:
        return f.read()


def tejun_setup(args, cwd):
    """An untimed run that prepares a case (a release to compare with)."""
    r = subprocess.run(TEJUN + args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"setup {' '.join(args)}: exit {r.returncode}: {r.stderr.decode()[-400:]}")


def capped(err, n, d=None):
    """The diagnostics cap: at most CAP errors and warnings printed, then one line saying how
    many more there are, which with those printed makes the counts of the summary line."""
    shown = len(re.findall(r"^[^ ].*: (?:error|warning): ", err, re.M))
    if shown > CAP:
        return f"{shown} errors and warnings printed, the cap is {CAP}"
    s = re.findall(r"(\d+) errors?, (\d+) warnings?", err)
    if not s:
        return "no summary line"
    total = int(s[-1][0]) + int(s[-1][1])
    more = re.search(r"^tejun: (\d+) more diagnostics? not shown", err, re.M)
    hidden = int(more.group(1)) if more else 0
    if total != shown + hidden or (total > CAP and shown != CAP):
        return f"{shown} printed + {hidden} not shown, but the summary counts {total}"
    return None


# ---- the cases: each builds its input in d at size n and returns the command's arguments

def keys_manual(d, n):
    write(f"{d}/m.yaml", H + "pages: []\n" + "".join(f"k{i}: v\n" for i in range(n)))
    return ["check", f"{d}/m.yaml"]


def bad_chars_one_line(d, n):
    """n short values on one line, each with a NUL written as an escape: each is placed in its
    line, and each place was once sought from the line's start."""
    write(f"{d}/m.yaml", H.replace("trademarks: [x]", "trademarks: [" + ", ".join(['"\\x00"'] * n) + "]") + "pages: []\n")
    return ["check", f"{d}/m.yaml"]


def keys_profile(d, n):
    write(f"{d}/m.yaml", one_page("設定します。"))
    write(f"{d}/customers/c.yaml", "company: 株式会社テスト\nservices: [box]\nregion: jp\n" + "".join(f"k{i}: v\n" for i in range(n)))
    return ["checklist", "-o", f"{d}/out", "--customer", f"{d}/customers/c.yaml", f"{d}/m.yaml"]


def keys_catalog(d, n):
    write(f"{d}/shared/catalog.yaml", catalog() + "".join(f"k{i}: v\n" for i in range(n)))
    write(f"{d}/m.yaml", one_page("設定します。"))
    return ["check", f"{d}/m.yaml"]


def doc_open(d, n):
    write(f"{d}/m.yaml", one_page("【" * n))
    return ["check", f"{d}/m.yaml"]


def doc_quote(d, n):
    write(f"{d}/m.yaml", one_page("「" * n + "」"))
    return ["check", f"{d}/m.yaml"]


def ref_open(d, n):
    write(f"{d}/m.yaml", one_page("{{:" * n))
    return ["check", f"{d}/m.yaml"]


def ref_open_release(d, n):
    write(f"{d}/m.yaml", one_page("{{:" * n))
    return ["release", "--force", "--releases", f"{d}/rel", f"{d}/m.yaml"]


def ref_open_short(d, n):
    write(f"{d}/m.yaml", one_page("設定します。", ", short: " + q("{{:" * n)))
    return ["checklist", "-o", f"{d}/out", "--service", "box", f"{d}/m.yaml"]


def pages(n, text, extra=lambda i: ""):
    out = [H + "pages:"]
    for i in range(n):
        out.append(f"""  - id: p{i}
    procedure: 手順{i}
    service: box{extra(i)}
    body:
      - step: {{id: s{i}, text: {q(text(i))}}}""")
    return "\n".join(out) + "\n"


def nearest_page(d, n):
    """n pages, each referring to an unknown page whose id is as long as the others (so that
    the nearest id is looked for among all of them), none near."""
    text = pages(n, lambda i: "See {{page:zzzzzz-%06d}} for the setting." % i)
    write(f"{d}/m.yaml", re.sub(r"id: p([0-9]+)\n", lambda m: "id: page%06d\n" % int(m.group(1)), text))
    return ["check", f"{d}/m.yaml"]


def nearest_cond(d, n):
    conds = "".join(f"  - {{id: plan-c{i}, kind: plan, label: プラン{i}}}\n" for i in range(n))
    write(f"{d}/shared/catalog.yaml", catalog() + conds)
    write(f"{d}/m.yaml", pages(n, lambda i: "設定します。", lambda i: f"\n    when: zz{i}"))
    return ["check", f"{d}/m.yaml"]


NEAR_LEN = 2500


def near_duplicates(d, n):
    base = ("設定画面で項目を確認してから保存します" * (NEAR_LEN // 19 + 1))[:NEAR_LEN - 1]
    steps = []
    for i in range(n):
        k = (i * 7) % len(base)
        s = base[:k] + "ア" + base[k + 1:] + "。"
        steps.append(f"      - step: {{id: s{i}, text: {q(s)}}}")
    write(f"{d}/m.yaml", H + "pages:\n  - id: p\n    procedure: 手順\n    body:\n" + "\n".join(steps) + "\n")
    return ["check", f"{d}/m.yaml"]


def released(d, n, changed):
    """A manual of n pages released at 1.0, then (changed) every step rewritten."""
    write(f"{d}/m.yaml", pages(n, lambda i: f"設定{i}を押下。"))
    tejun_setup(["release", f"{d}/m.yaml"], ROOT)
    text = pages(n, lambda i: f"設定{i}を押下！")
    if changed == "bumped":
        text = text.replace("text: 初版}]", "text: 初版}, {version: 第1.1版, date: 2024-02-10, text: 改訂}]")
    write(f"{d}/m.yaml", text)


def changes_since(d, n):
    released(d, n, "bumped")
    return ["build", "-o", f"{d}/out", "--changes-since", "1.0", f"{d}/m.yaml"]


def release_changed(d, n):
    released(d, n, "unbumped")
    return ["check", f"{d}/m.yaml"]


def checklist_steps(d, n):
    out = [H + "pages:"]
    for p in range(n // 10):
        out.append(f"  - id: p{p}\n    procedure: 手順{p}\n    service: box\n    body:")
        for k in range(10):
            i = p * 10 + k
            out.append(f"      - step: {{id: s{i}, text: 設定{i}を押下。, notes: [確認します。]}}")
    write(f"{d}/m.yaml", "\n".join(out) + "\n")
    return ["checklist", "-o", f"{d}/out", "--service", "box", f"{d}/m.yaml"]


def include_bomb(d, k):
    """Seven files, each including the next k times; the last has no pages."""
    for level in range(1, 8):
        nxt = "".join(f"  - include: shared/b{level + 1}.yaml\n" for _ in range(k)) if level < 7 else ""
        write(f"{d}/shared/b{level}.yaml", "pages:\n" + nxt if nxt else "pages: []\n")
    write(f"{d}/m.yaml", H + "pages:\n" + "".join("  - include: shared/b1.yaml\n" for _ in range(k)))
    return ["check", f"{d}/m.yaml"]


def nested(n):
    return "*" * n + "a" + "*" * n


def inline_depth_check(d, n):
    """Deep emphasis in a manual that has a release: check compares it with the release."""
    write(f"{d}/m.yaml", one_page("設定します。"))
    tejun_setup(["release", f"{d}/m.yaml"], ROOT)
    write(f"{d}/m.yaml", one_page(nested(n)))
    return ["check", f"{d}/m.yaml"]


def inline_depth_build(d, n):
    write(f"{d}/m.yaml", one_page(nested(n)))
    return ["build", "-o", f"{d}/out", f"{d}/m.yaml"]


def inline_depth_release(d, n):
    write(f"{d}/m.yaml", one_page(nested(n)))
    return ["release", "--force", "--releases", f"{d}/rel", f"{d}/m.yaml"]


def inline_depth_checklist(d, n):
    write(f"{d}/m.yaml", one_page(nested(n)))
    return ["checklist", "-o", f"{d}/out", "--service", "box", f"{d}/m.yaml"]


def inline_depth_links(d, n):
    write(f"{d}/m.yaml", one_page("![" * n + "a" + "](x.png)" * n))
    return ["check", f"{d}/m.yaml"]


def version_digits(d, n):
    write(f"{d}/m.yaml", one_page("設定します。").replace("第1.0版", "第1" + "0" * n + ".0版"))
    return ["check", f"{d}/m.yaml"]


def catalog_lookups(d, n):
    docs = "".join(f"  - {{id: d{i}, title: 【文書{i}】案内}}\n" for i in range(n))
    conds = "".join(f"  - {{id: plan-c{i}, kind: plan, label: プラン{i}}}\n" for i in range(n))
    cat = catalog().replace("conditions:\n", "conditions:\n" + conds).replace("documents:\n", "documents:\n" + docs)
    write(f"{d}/shared/catalog.yaml", cat)
    write(f"{d}/m.yaml", pages(n, lambda i: "See {{doc:d%d}} and 【文書%d】案内 for the setting." % (i, i), lambda i: f"\n    when: plan-c{i}"))
    return ["build", "-o", f"{d}/out", f"{d}/m.yaml"]


def manual_services(d, n):
    write(f"{d}/m.yaml", pages(n, lambda i: "設定します。").replace("services: [box]", "services: [" + ", ".join(["box"] * n) + "]"))
    return ["build", "-o", f"{d}/out", f"{d}/m.yaml"]


def run_services(d, n):
    """Two manuals of one run, the second listing n services of its own: the pre-scan that refuses
    a service two manuals list (run_duplicates) looks each one up once."""
    write(f"{d}/a.yaml", one_page("設定します。"))
    write(f"{d}/m.yaml", one_page("設定します。").replace("id: h", "id: h2").replace("services: [box]", "services: [" + ", ".join(f"s{i}" for i in range(n)) + ", box]"))
    return ["build", "-o", f"{d}/out", f"{d}/a.yaml", f"{d}/m.yaml"]


def catalog_services(d, n):
    svcs = "".join(f"  - {{id: s{i}, name: サービス{i}}}\n" for i in range(n))
    write(f"{d}/shared/catalog.yaml", catalog().replace("services:\n", "services:\n" + svcs))
    write(f"{d}/m.yaml", pages(n, lambda i: "設定します。"))
    return ["check", f"{d}/m.yaml"]


def catalog_title(d, n):
    write(f"{d}/shared/catalog.yaml", catalog().replace("documents:\n", "documents:\n  - {id: long, title: " + "題" * n + "}\n"))
    write(f"{d}/m.yaml", one_page("設定します。"))
    return ["check", f"{d}/m.yaml"]


def refs_per_block(d, n):
    text = "".join(f"P{i} " for i in range(n)) + "を参照します。"
    refs = ", ".join(f"{{text: P{i}, page: p}}" for i in range(n))
    write(f"{d}/m.yaml", one_page(text, f", refs: [{refs}]"))
    return ["check", f"{d}/m.yaml"]


def ignore_entries(d, n):
    ig = ", ".join(f"{{rule: x{i}, reason: なし}}" for i in range(n))
    notes = ", ".join(["確認をを行います。"] * n)
    write(f"{d}/m.yaml", one_page("設定します。", f", notes: [{notes}], ignore: [{ig}]"))
    return ["check", f"{d}/m.yaml"]


def links(d, n):
    text = "".join(f"[a](https://example.com/{i}) https://example.jp/{i} " for i in range(n))
    write(f"{d}/m.yaml", one_page(text))
    return ["check", f"{d}/m.yaml"]


def findings_in_one_text(d, n):
    """One text holding n findings of each rule that reports per occurrence: a link that is
    not http(s), an unknown 【document】, a doubled particle, a long sentence (near-duplicates
    of each other), in である style among です/ます."""
    text = "".join(f"[a](javascript:x{i})の【文書X{i}】案内をを確認します。" + "長" * (i % 50) + "短" + "長" * (100 - i % 50) + "である。"
                   for i in range(n))
    write(f"{d}/m.yaml", one_page(text))
    return ["check", f"{d}/m.yaml"]


def text_nodes(d, n):
    write(f"{d}/m.yaml", one_page("[あ" * n))
    return ["build", "-o", f"{d}/out", f"{d}/m.yaml"]


def diff_chars(d, n):
    import random
    kana = [chr(c) for c in range(0x30A2, 0x30F3)]
    def side(seed):
        r = random.Random(seed)
        return pages(100, lambda i: "".join(r.choice(kana) for _ in range(n)) + "。")
    write(f"{d}/a.yaml", side(1))
    write(f"{d}/b.yaml", side(2))
    return ["diff", f"{d}/a.yaml", f"{d}/b.yaml"]


def snapshot(path, pages_xml, check=True):
    """A release snapshot of manual h holding pages_xml, with the digest tejun computes for it
    (tejun names it when it refuses the placeholder)."""
    pub = ('<publication manual="h" title="テスト" product="p" publisher="p" label="l" version="第1.0版" '
           'date="2024-01-10" view="manual" pages="3" steps="0">' + pages_xml + '</publication>')
    write(path, f'<release format="1" manual="h" version="第1.0版" date="2024-01-10" digest="sha256:{"0" * 64}">{pub}</release>')
    if not check:
        return
    r = subprocess.run(TEJUN + ["diff", path, path], cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    m = re.search(r"computed (sha256:[0-9a-f]+)", r.stderr.decode())
    if not m:
        raise RuntimeError(f"no digest for {path}: {r.stderr.decode()[:300]}")
    write(path, f'<release format="1" manual="h" version="第1.0版" date="2024-01-10" digest="{m.group(1)}">{pub}</release>')


def diff_snapshots(d, n):
    """Odd snapshots (digests recomputed, as anyone can): n blocks of n different element names
    whose texts all changed, and steps whose ids repeat, in another order."""
    old = "".join(f"<x{i}>a</x{i}>" for i in range(n)) + "".join(f'<step id="k{n - 1 - i}" mark="①"><text>a</text></step>' for i in range(n))
    new = "".join(f"<x{i}>b</x{i}>" for i in range(n)) + "".join(f'<step id="k{i % n}" mark="①"><text>b</text></step>' for i in range(2 * n))
    # tejun reads a snapshot strictly (an element the format does not have is refused, before
    # its digest is even compared): the refusal itself must stay linear
    snapshot(f"{d}/old.xml", f'<page n="3" anchor="p3" id="p" procedure="手順" title="手順">{old}</page>', check=False)
    snapshot(f"{d}/new.xml", f'<page n="3" anchor="p3" id="p" procedure="手順" title="手順">{new}</page>', check=False)
    return ["diff", f"{d}/old.xml", f"{d}/new.xml"]


# ---- screenshots and callouts (gen/image.c, load.c S_image, check.c S_callouts, release, diff)

SHOT_W, SHOT_H = 16, 8   # pixels of the test pictures


def png(seed, pad=0):
    """A whole PNG of SHOT_W x SHOT_H grey pixels that differs with seed (what gen/image.c
    accepts: the signature, IHDR, IEND), with `pad` more bytes of random image data."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes((seed * 7 + x + y) & 255 for x in range(SHOT_W)) for y in range(SHOT_H))
    raw += seed.to_bytes(8, "big")
    pic = chunk(b"IHDR", struct.pack(">IIBBBBB", SHOT_W, SHOT_H, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw))
    if pad:
        pic += chunk(b"tEXt", b"pad\0" + os.urandom(pad).hex()[:pad].encode())
    return b"\x89PNG\r\n\x1a\n" + pic + chunk(b"IEND", b"")


def write_png(path, seed, pad=0):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(png(seed, pad))


def shot_manual(n, image, callouts, in_step=lambda i: False, steps=1):
    """n pages of `steps` steps and a screenshot of image(i) with callouts(i) (a YAML flow list's
    items): a block after the steps, or (in_step(i)) the last step's `screenshot:`. The steps'
    texts are short (the near-duplicate rule leaves them alone)."""
    out = [H + "pages:"]
    for i in range(n):
        step = in_step(i)
        shot = f"{{caption: 画面{i}, image: {image(i)}, callouts: [{callouts(i)}]}}"
        body = [f"      - step: {{id: s{i}-{k}, text: {i}-{k}を押下。" + (f", screenshot: {shot}" if step and k == steps - 1 else "") + "}"
                for k in range(steps)]
        if not step:
            body.append(f"      - screenshot: {shot}")
        out.append(f"  - id: p{i}\n    procedure: 手順{i}\n    service: box\n    body:\n" + "\n".join(body))
    return "\n".join(out) + "\n"


def own_images(d, n, seed=0):
    for i in range(n):
        write_png(f"{d}/images/s{i}.png", seed + i)


def shots_build(d, n):
    """n screenshots, each its own picture with a callout: every one copied beside both HTMLs."""
    own_images(d, n)
    write(f"{d}/m.yaml", shot_manual(n, lambda i: f"images/s{i}.png", lambda i: f"{{step: s{i}-0, x: 3, y: 4}}"))
    return ["build", "-o", f"{d}/out", f"{d}/m.yaml"]


def shots_check(d, n):
    """n screenshots, each its own picture, each called out one pixel past its right edge: every
    picture is read for its size."""
    own_images(d, n)
    write(f"{d}/m.yaml", shot_manual(n, lambda i: f"images/s{i}.png", lambda i: f"{{step: s{i}-0, x: {SHOT_W}, y: 4}}"))
    return ["check", f"{d}/m.yaml"]


SAME_PAD = 1 << 20   # the one picture is 1 MiB: read once per block, 64 blocks pass IMAGE_MAX_TOTAL


def same_image(d, n, command):
    write_png(f"{d}/images/one.png", 1, SAME_PAD)
    x = SHOT_W if command == "check" else 3
    write(f"{d}/m.yaml", shot_manual(n, lambda i: "images/one.png", lambda i: f"{{step: s{i}-0, x: {x}, y: 4}}"))
    return ["check", f"{d}/m.yaml"] if command == "check" else ["build", "-o", f"{d}/out", f"{d}/m.yaml"]


def pictures(d, sub, want):
    """Checks that the folder d/sub holds exactly `want` pictures."""
    got = len([f for f in os.listdir(f"{d}/{sub}") if f.endswith(".png")]) if os.path.isdir(f"{d}/{sub}") else 0
    return None if got == want else f"{sub}: {got} pictures, want {want}"


def shots_built(err, n, d):
    return pictures(d, "out/h/images", n) or pictures(d, "out/services/box/images", n)


def each_block(err, n, d):
    """Exactly one finding per block (its callout-outside), no other: the picture was read once,
    not once per block (64 reads of it would pass the 64 MiB of a manual's images)."""
    m = re.search(r"tejun check: 1 manual, (\d+) errors?, 0 warnings", err)
    if not m or int(m.group(1)) != n or "[image-too-large]" in err:
        return f"want {n} errors (one callout-outside per block), got: {err[-300:]}"
    return capped(err, n)


def same_built(err, n, d):
    return pictures(d, "out/h/images", 1) or pictures(d, "out/services/box/images", 1)


def quiet(err, n, d):
    """No finding at all."""
    return f"not clean: {err[-300:]}" if re.search(r": (error|warning|note): ", err) else None


def callouts_full(d, n, command):
    """n pages of 64 steps, each with a screenshot calling out all 64 (the limit), in its pixels."""
    write_png(f"{d}/images/one.png", 1)
    calls = lambda i: ", ".join(f"{{step: s{i}-{k}, x: {k % SHOT_W}, y: {k % SHOT_H}}}" for k in range(64))
    write(f"{d}/m.yaml", shot_manual(n, lambda i: "images/one.png", calls, steps=64))
    return ["check", f"{d}/m.yaml"] if command == "check" else ["build", "-o", f"{d}/out", f"{d}/m.yaml"]


def callouts_drawn(err, n, d):
    """64 drawn numbers per screenshot in the HTML, 64 listed ones under each in the Markdown."""
    with open(f"{d}/out/h/index.html", encoding="utf-8") as f:
        circles = f.read().count("<circle ")
    with open(f"{d}/out/h/h.md", encoding="utf-8") as f:
        md = f.read()
    lists = md.count("*画面中の番号*")
    if circles != 64 * n or lists != n:
        return f"{circles} circles (want {64 * n}) and {lists} callout lists (want {n})"
    return quiet(err, n, d)


def callouts_over(d, n):
    """One page of n steps and a screenshot calling out every one, past the limit of 64: the
    checks stop at the limit (the same-step search is quadratic in the callouts)."""
    write_png(f"{d}/images/one.png", 1)
    calls = ", ".join(f"{{step: s0-{k}, x: {k % SHOT_W}, y: {k % SHOT_H}}}" for k in range(n))
    write(f"{d}/m.yaml", shot_manual(1, lambda i: "images/one.png", lambda i: calls, steps=n))
    return ["check", f"{d}/m.yaml"]


def one_limit(err, n, d):
    k = len(re.findall(r"\[limit-callouts\]$", err, re.M))
    return f"{k} limit-callouts errors, want one" if k != 1 else capped(err, n)


def callout_nearest(d, n):
    """n screenshots, each calling out an unknown step whose id is as long as the n ids there are
    and near none of them: the nearest id is sought among all of them for each."""
    write_png(f"{d}/images/one.png", 1)
    text = shot_manual(n, lambda i: "images/one.png", lambda i: "{step: zzzzzz-%06d, x: 3, y: 4}" % i)
    write(f"{d}/m.yaml", re.sub(r"id: s([0-9]+)-0,", lambda m: "id: step%06d," % int(m.group(1)), text))
    return ["check", f"{d}/m.yaml"]


def released_images(d, n, then):
    """n pages with a screenshot each, its own picture (in a step on even pages, a block of its own
    on odd ones), released at 1.0; then every picture replaced (then == "replaced"), the release
    built (then == "build"), or nothing more (then == "release": the release is the run)."""
    own_images(d, n)
    write(f"{d}/m.yaml", shot_manual(n, lambda i: f"images/s{i}.png", lambda i: f"{{step: s{i}-0, x: 3, y: 4}}", in_step=lambda i: i % 2 == 0))
    if then == "release":
        return ["release", f"{d}/m.yaml"]
    tejun_setup(["release", f"{d}/m.yaml"], ROOT)
    if then == "replaced":
        own_images(d, n, seed=1000000)
        return None
    return ["build", "-o", f"{d}/out", "--releases", f"{d}/releases", "h@1.0"]


def images_release(d, n):
    return released_images(d, n, "release")


def images_kept(err, n, d):
    return pictures(d, "releases/images", n)


def images_build_release(d, n):
    return released_images(d, n, "build")


def images_rebuilt(err, n, d):
    return pictures(d, "out/h/images", n)


def images_replaced_check(d, n):
    released_images(d, n, "replaced")
    return ["check", f"{d}/m.yaml"]


def images_replaced_diff(d, n):
    released_images(d, n, "replaced")
    return ["diff", "--releases", f"{d}/releases", "-o", f"{d}/diffs", "h@1.0", f"{d}/m.yaml"]


def images_redlined(err, n, d):
    """Each replaced picture shown old beside new: 2n pictures staged, n pairs in the redline."""
    bad = pictures(d, "diffs/images", 2 * n)
    if bad:
        return bad
    with open(f"{d}/diffs/h-1.0..1.0.md", encoding="utf-8") as f:
        k = f.read().count("画像の差し替え")
    return None if k == n else f"{k} replaced pictures in the Markdown redline, want {n}"


# name: (builder, n, issue n, exit status, stderr pattern, extra check (stderr, n, folder), timed)
CASES = [
    ("bad-chars-one-line", bad_chars_one_line, 20000, 20000, 1, r"m\.yaml:4:15: error: NUL character U\+0000 cannot stand in a text", capped, True),
    ("keys-manual", keys_manual, 30000, 100000, 1, r"m\.yaml:7:1: error: unknown key 'k0' in the manual", capped, True),
    ("keys-profile", keys_profile, 30000, 100000, 1, r"c\.yaml:4:1: error: unknown key 'k0' in a customer profile", capped, True),
    ("keys-catalog", keys_catalog, 30000, 100000, 1, r"catalog\.yaml:[0-9]+:1: error: unknown key 'k0' in the catalog", capped, True),
    ("doc-title-open", doc_open, 80000, 40000, 1, r"m\.yaml:11:30: warning: a sentence of [0-9]+ characters", None, True),
    ("doc-title-quote", doc_quote, 80000, 40000, 1, r"m\.yaml:11:30: warning: a sentence of [0-9]+ characters", None, True),
    ("ref-open", ref_open, 80000, 200000, 1, r"m\.yaml:11:30: error: `\{\{` starts a reference", capped, True),
    ("ref-open-release", ref_open_release, 80000, 200000, 1, r"m\.yaml:11:30: error: `\{\{` starts a reference", capped, True),
    ("ref-open-short", ref_open_short, 80000, 200000, 1, r"m\.yaml:11:47: error: `\{\{` starts a reference", capped, True),
    ("nearest-page", nearest_page, 1500, 20000, 1, r"m\.yaml:[0-9]+:[0-9]+: error: reference to unknown page 'zzzzzz-000000'(.|\n)*note: no more \"did you mean\" for unknown references in this manual", capped, True),
    ("nearest-condition", nearest_cond, 1500, 20000, 1, r"m\.yaml:[0-9]+:11: error: unknown condition 'zz0'", capped, True),
    ("near-duplicates", near_duplicates, 100, 2000, 1, r"warning: this sentence differs by a character or two", capped, True),
    ("changes-since", changes_since, 1000, 20000, 0, None, None, True),
    ("release-changed", release_changed, 1500, 10000, 1, r"error: content changed since 第1.0版 \(released 2024-01-10\): P3 p0, P4 p1, .*, P22 p19 and [0-9]+ more pages; add a change-log row \[release-unbumped\]", None, True),
    ("checklist-steps", checklist_steps, 2000, 90000, 0, None, None, True),
    ("include-bomb", include_bomb, 3, 10, 1, r"error: .*more than [0-9,]+ includes", None, True),
    ("inline-depth-check", inline_depth_check, 100000, 200000, 1, r"m\.yaml:11:29: error: .*nested [0-9,]+ levels deep.*\[limit-inline\]", None, True),
    ("inline-depth-build", inline_depth_build, 100000, 200000, 1, r"m\.yaml:11:29: error: .*\[limit-inline\]", None, True),
    ("inline-depth-release", inline_depth_release, 100000, 200000, 1, r"m\.yaml:11:29: error: .*\[limit-inline\]", None, True),
    ("inline-depth-checklist", inline_depth_checklist, 100000, 200000, 1, r"m\.yaml:11:29: error: .*\[limit-inline\]", None, True),
    ("inline-depth-images", inline_depth_links, 25000, 90000, 1, r"m\.yaml:11:29: error: .*\[limit-inline\]", None, True),
    ("version-digits", version_digits, 9000, 9000, 1, r"m\.yaml:5:23: error: version '第1000.*\[changelog-format\]", None, False),
    ("catalog-lookups", catalog_lookups, 2000, 20000, 0, None, None, True),
    ("manual-services", manual_services, 150, 1000, 1, r"m\.yaml:3:17: error: service 'box' is listed twice", capped, True),
    ("run-services", run_services, 5000, 20000, 1, r"m\.yaml:3:[0-9]+: error: service 'box' is also listed by .*a\.yaml", None, True),
    ("catalog-services", catalog_services, 2000, 20000, 1, r"catalog\.yaml:[0-9]+:5: error: more than 64 services", None, False),
    ("catalog-title", catalog_title, 201, 100000, 1, r"catalog\.yaml:[0-9]+:[0-9]+: error: a document title of 201 characters; the limit is 200", None, False),
    ("refs-per-block", refs_per_block, 20000, 20000, 1, r"m\.yaml:11:[0-9]+: error: more than 64 refs", None, True),
    ("ignore-entries", ignore_entries, 20000, 20000, 1, r"m\.yaml:11:[0-9]+: error: more than 32 ignore entries", None, True),
    ("links", links, 4500, 15000, 0, None, None, True),
    ("findings-in-one-text", findings_in_one_text, 600, 2400, 1,
     r"m\.yaml:11:[0-9]+: note: [0-9]+ more link-scheme findings in this text from here on not reported", capped, True),
    ("text-nodes", text_nodes, 50000, 250000, 0, None, None, True),
    ("diff-chars", diff_chars, 500, 2000, 0, None, None, True),
    ("diff-snapshots", diff_snapshots, 3000, 20000, 1, r"(old|new)\.xml:1:1: error: <page> 'p': an unknown element <x0>; restore it from version control \[release-corrupt\]", None, True),
    ("shots-build", shots_build, 400, 4000, 0, None, shots_built, True),
    ("shots-check", shots_check, 1500, 10000, 1, r"m\.yaml:12:[0-9]+: error: callout at \(16, 4\) is outside the image 'images/s0\.png', which is 16 × 8 pixels.*\[callout-outside\]", capped, True),
    ("same-image-check", lambda d, n: same_image(d, n, "check"), 100, 10000, 1, r"m\.yaml:12:[0-9]+: error: callout at \(16, 4\) is outside the image 'images/one\.png'.*\[callout-outside\]", each_block, True),
    ("same-image-build", lambda d, n: same_image(d, n, "build"), 100, 4000, 0, None, same_built, True),
    ("callouts-full-check", lambda d, n: callouts_full(d, n, "check"), 40, 400, 0, None, quiet, True),
    ("callouts-full-build", lambda d, n: callouts_full(d, n, "build"), 40, 400, 0, None, callouts_drawn, True),
    ("callouts-over", callouts_over, 5000, 50000, 1, r"m\.yaml:[0-9]+:[0-9]+: error: more than 64 callouts on one screenshot; split the picture \[limit-callouts\]", one_limit, True),
    ("callout-nearest", callout_nearest, 1500, 20000, 1, r"m\.yaml:[0-9]+:[0-9]+: error: callout to unknown step 'zzzzzz-000000'; a callout names(.|\n)*note: no more \"did you mean\" for unknown callout steps in this manual", capped, True),
    ("images-release", images_release, 500, 5000, 0, None, images_kept, True),
    ("images-build-release", images_build_release, 500, 5000, 0, None, images_rebuilt, True),
    ("images-replaced-check", images_replaced_check, 500, 5000, 1, r"error: content changed since 第1.0版 \(released 2024-01-10\): P3 p0, P4 p1, .*and [0-9]+ more pages; add a change-log row \[release-unbumped\]", None, True),
    ("images-replaced-diff", images_replaced_diff, 500, 5000, 0, None, images_redlined, True),
]


class Run:
    def __init__(self, rc, cpu, rss, err, timed_out):
        self.rc, self.cpu, self.rss, self.err, self.timed_out = rc, cpu, rss, err, timed_out


def run(argv, d, timeout):
    """One run of tejun through the rusage launcher (see rusage.c), killed after `timeout` s."""
    res = f"{d}/.rusage"
    if os.path.exists(res):
        os.unlink(res)
    with open(f"{d}/.stdout", "wb") as fo, open(f"{d}/.stderr", "wb") as fe:
        p = subprocess.Popen([RUSAGE, res] + TEJUN + argv, cwd=ROOT, env=ENV, stdout=fo, stderr=fe, start_new_session=True)
        try:
            p.wait(timeout)
            killed = False
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            killed = True
    with open(f"{d}/.stderr", encoding="utf-8", errors="replace") as f:
        err = f.read()
    if killed or not os.path.exists(res):
        return Run(-1, float(timeout), 0.0, err, True)
    with open(res) as f:
        rc, us, kb = (int(x) for x in f.read().split())
    return Run(rc, us / 1e6, kb / 1024.0, err, False)


def prepare(tmp, name, builder, n):
    d = f"{tmp}/{name}-{n}"
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(f"{d}/shared")
    write(f"{d}/shared/catalog.yaml", catalog())
    argv = builder(d, n)
    return d, argv


def verdict(r, rc, pat, extra, n, d):
    """What is wrong with one run, or None."""
    if r.timed_out:
        return "timed out"
    if r.rc < 0 or r.rc >= 128 or re.search(r"AddressSanitizer|runtime error|LeakSanitizer", r.err):
        return f"crashed (exit {r.rc}): {r.err[-300:]}"
    if r.rc != rc:
        return f"exit {r.rc}, want {rc}: {r.err[:300]}{' …' if len(r.err) > 300 else ''}"
    if pat and not re.search(pat, r.err, re.M):
        return f"no diagnostic /{pat}/ in: {r.err[:300]}"
    if extra:
        e = extra(r.err, n, d)
        if e:
            return e
    return None


def case(tmp, c, timeout):
    name, builder, n, _, rc, pat, extra, timed = c
    sizes = (n, 4 * n) if timed else (n,)
    best = {}
    for size in sizes:
        d, argv = prepare(tmp, name, builder, size)
        tries = 2 if size == n and timed else 1
        for _ in range(tries):
            r = run(argv, d, timeout)
            bad = verdict(r, rc, pat, extra, size, d)
            if bad:
                return False, f"n={size}: {bad}"
            b = best.get(size)
            best[size] = r if not b else Run(r.rc, min(b.cpu, r.cpu), min(b.rss, r.rss), r.err, False)
        best[size].d, best[size].argv = d, argv
    if not timed:
        return True, f"n={n}: {best[n].cpu:.2f} s, {best[n].rss:.0f} MB"
    a, b = best[n], best[4 * n]
    # a ratio over the allowance is measured again (the minimum of three runs) before it fails
    for _ in range(2):
        if b.cpu <= TIME_RATIO * max(a.cpu, FLOOR) and b.rss <= MEM_RATIO * a.rss:
            break
        r1, r4 = run(a.argv, a.d, timeout), run(b.argv, b.d, timeout)
        a.cpu, a.rss = min(a.cpu, r1.cpu), min(a.rss, r1.rss)
        b.cpu, b.rss = min(b.cpu, r4.cpu), min(b.rss, r4.rss)
    tr, mr = b.cpu / max(a.cpu, FLOOR), b.rss / a.rss
    msg = f"n={n}: {a.cpu:.2f} s → {b.cpu:.2f} s at 4n ({tr:.1f}×), {a.rss:.0f} → {b.rss:.0f} MB ({mr:.1f}×)"
    if tr > TIME_RATIO:
        return False, msg + f": time grew more than {TIME_RATIO:.0f}×"
    if mr > MEM_RATIO:
        return False, msg + f": memory grew more than {MEM_RATIO:.0f}×"
    return True, msg


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="comma-separated case names")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per run (default 30)")
    ap.add_argument("--issue", action="store_true", help="one run per case at the issue's size")
    ap.add_argument("--keep", help="build the inputs in this folder and keep them")
    a = ap.parse_args()
    cases = CASES
    if a.only:
        want = a.only.split(",")
        cases = [c for c in CASES if c[0] in want]
        if len(cases) != len(want):
            sys.exit(f"unknown case in {a.only}; --list shows them")
    if a.list:
        for c in cases:
            print(f"{c[0]:24} n={c[2]:<7} issue n={c[3]}")
        return 0
    tmp = a.keep or tempfile.mkdtemp(prefix="tejun-patho.")
    os.makedirs(tmp, exist_ok=True)
    global RUSAGE
    RUSAGE = f"{tmp}/rusage"
    cc = subprocess.run([os.environ.get("CC", "cc"), "-O2", "-o", RUSAGE, os.path.join(ROOT, "tests/pathological/rusage.c")],
                        stderr=subprocess.PIPE)
    if cc.returncode:
        sys.exit(f"cannot build tests/pathological/rusage.c: {cc.stderr.decode()}")
    failed = 0
    try:
        for c in cases:
            if a.issue:
                d, argv = prepare(tmp, c[0], c[1], c[3])
                r = run(argv, d, a.timeout)
                state = "timed out" if r.timed_out else f"exit {r.rc}"
                print(f"{c[0]:24} n={c[3]:<7} {r.cpu:8.2f} s {r.rss:8.0f} MB  {state}", flush=True)
                shutil.rmtree(d, ignore_errors=True)
                continue
            try:
                good, msg = case(tmp, c, a.timeout)
            except Exception as e:  # a broken generator is a failure, not a crash of the suite
                good, msg = False, f"{type(e).__name__}: {e}"
            print(f"{'ok  ' if good else 'FAIL'} pathological {c[0]}: {msg}", flush=True)
            failed += not good
            if not a.keep:
                for size in (c[2], 4 * c[2]):
                    shutil.rmtree(f"{tmp}/{c[0]}-{size}", ignore_errors=True)
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

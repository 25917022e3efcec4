#!/usr/bin/env python3
"""grow.py: writes the reproducers of the hardening issue as inputs of the `grow` fuzz
target (tests/fuzz/grow.h has the format) into tests/fuzz/regress/grow/, one file each.

    python3 tests/fuzz/grow.py            # (re)write them
Each expands to the input that was slow (or crashed) before the growth fixes; run.sh replays
them with the 1 s timeout of every fuzz input."""
import os
import struct

KINDS = ["text", "pages", "keys", "steps", "notes", "refs", "changelog", "rows", "when", "services",
         "trademarks", "ignore", "includes", "short", "wait", "blocks"]


def rec(kind, reps, unit, times=0):
    u = unit.encode() if isinstance(unit, str) else unit
    return struct.pack("<BHHB", KINDS.index(kind), reps, times, len(u)) + u


PUBLISH, DIFF = 1, 2


def rep(p, m, s=""):
    """A unit whose middle is repeated `times` times."""
    return p + "\x01" + m + "\x01" + s


CASES = {
    # one mapping of many keys: the duplicate-key check was quadratic
    "keys": (0, rec("keys", 60000, "k#")),
    # 【 by the ten thousand: a search per opener to the end of the text
    "doc-title-open": (0, rec("text", 60000, "【")),
    # 「 by the ten thousand, then one 」: each title copied to the end
    "doc-title-quote": (0, rec("text", 20000, "「") + rec("text", 1, "」")),
    # {{: by the ten thousand: resolve_next looked for }} to the end each time
    "ref-open": (PUBLISH, rec("text", 60000, "{{:")),
    "ref-open-short": (PUBLISH, rec("short", 60000, "{{:")),
    # an unknown {{page:…}} on each of thousands of pages: did you mean, once per reference
    "nearest-page": (0, rec("pages", 20000, "See {{page:zz#}} here.")),
    # unknown conditions, each with did you mean over the catalog
    "nearest-condition": (0, rec("when", 30000, "zz#")),
    # look-alike long sentences: the near-duplicate rule's work per pair
    "near-duplicates": (0, rec("steps", 3000, rep("", "設定を確認して保存します", "@。"), 2)),
    # pages diffed, marked and listed by a release check: id look-ups were linear
    "changes-since": (DIFF, rec("pages", 300, "設定#を押下。")),
    # an include bomb: seven files, each including the next ten times
    "include-bomb": (0, rec("includes", 10, "shared/b1.yaml")),
    # emphasis 200,000 deep: a format error now, a stack overflow before
    "inline-depth": (PUBLISH | DIFF, rec("text", 1, rep("", "*", ""), 50000) + rec("text", 1, "a") + rec("text", 1, rep("", "*", ""), 50000)),
    "inline-depth-images": (PUBLISH | DIFF, rec("text", 1, rep("", "![", ""), 15000) + rec("text", 1, "a") + rec("text", 1, rep("", "](x)", ""), 15000)),
    # a version of 9,000 digits
    "version-digits": (0, rec("changelog", 1, rep("第1", "0", ".0版"), 9000)),
    # many refs on one step, many ignore entries on one page, links by the thousand
    "refs": (0, rec("text", 3000, "P# ") + rec("refs", 3000, "P#")),
    "ignore": (0, rec("ignore", 2000, "x#") + rec("notes", 2000, "確認をを行います。")),
    "links": (PUBLISH, rec("text", 20000, "[a](https://example.com/#) https://example.jp/# ")),
    # a manual that lists one service many times: one view per entry
    "services": (PUBLISH, rec("services", 20000, "box") + rec("pages", 2000, "設定#を押下。")),
    # text nodes by the ten thousand in one text (cmark splits at each [)
    "text-nodes": (PUBLISH, rec("text", 60000, "[あ")),
}


def main():
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regress", "grow")
    os.makedirs(d, exist_ok=True)
    for name, (stages, data) in CASES.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(bytes([stages]) + data)
    print(f"{len(CASES)} reproducers in {d}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""bigmanual.py N [a|b|swap]: a synthetic manual of N pages, one step each, all sentences alike
(「設定I」を押下します。). b: the pages in reverse order, every sentence changed (。→！);
swap: pages 0 and 1 exchanged, page 2's sentence changed. For the scale cases of
tests/hostile/run.sh: the quadratic paths (id look-ups, LCS, near-duplicates) must stay bounded."""
import sys

n, var = int(sys.argv[1]), sys.argv[2]
out = ["""id: big
title: 大きな手順
services: [box]
trademarks: [Alphaは商標です。]
changelog:
  - {version: 第1.0版, date: 2024-01-10, text: 初版制定}
pages:"""]
for i in range(n):
    j = n - 1 - i if var == "b" else (1 - i if var == "swap" and i < 2 else i)
    end = "！" if var == "b" or (var == "swap" and j == 2) else "。"
    out.append(f"""  - id: p{j}
    procedure: 手順{j}
    body:
      - step: {{id: s{j}, text: 「設定{j}」を押下します{end}}}""")
print("\n".join(out))

#!/usr/bin/env python3
"""tests/output/ruleids.py GEN SARIF LIST: every rule id the code reports is in the tables.

Reads the C files in GEN and finds every call of a reporter: diag_report (the id is its 4th
argument), and, found on the way, every macro or function that passes one of its own
parameters on as the id (ERR in load.c, checkctx_report, ...). Each id given at a call must be
a string literal. The set of those ids must equal the rules of SARIF's tool.driver.rules (the
output of `tejun check --format=sarif`), and each must have a line in `tejun check
--list-rules` (LIST). Exits 1 naming what is missing, unused or not a literal."""
import json
import os
import re
import sys

LIT = re.compile(r'"((?:[^"\\]|\\.)*)"')
IDENT = re.compile(r'[A-Za-z_]\w*')


def strip_comments(src):
    """Blanks comments (newlines kept, so line numbers stay) and keeps strings."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith('/*', i):
            j = src.index('*/', i + 2) + 2
            out.append(re.sub(r'[^\n]', ' ', src[i:j]))
            i = j
        elif src.startswith('//', i):
            j = src.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif src[i] in '"\'':
            j = i + 1
            while src[j] != src[i]:
                j += 2 if src[j] == '\\' else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(src[i])
            i += 1
    return ''.join(out)


def blank_strings(src):
    """The same text with the contents of strings and characters blanked (for brace depth)."""
    return re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', lambda m: '"' + ' ' * (len(m.group(0)) - 2) + '"', src)


def call_args(src, i):
    """The top-level arguments of the call whose '(' is at src[i], as texts."""
    depth, cur, res, j = 0, [], [], i
    while j < len(src):
        c = src[j]
        if c in '"\'':
            k = j + 1
            while src[k] != c:
                k += 2 if src[k] == '\\' else 1
            cur.append(src[j:k + 1])
            j = k + 1
            continue
        if c in '([{':
            depth += 1
            if depth == 1:
                j += 1
                continue
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                res.append(''.join(cur).strip())
                return res
        elif c == ',' and depth == 1:
            res.append(''.join(cur).strip())
            cur = []
            j += 1
            continue
        cur.append(c)
        j += 1
    raise ValueError('unterminated call')


def param_names(params):
    names = []
    for p in params.split(','):
        ids = IDENT.findall(re.sub(r'\[.*?\]', '', p))
        names.append(ids[-1] if ids else p.strip())
    return names


class Unit:
    """A C file: its definitions (functions, macros) with their spans and parameter names."""

    def __init__(self, path):
        self.path = path
        self.src = strip_comments(open(path, encoding='utf-8').read())
        flat = blank_strings(self.src)
        self.defs = []   # (start, end, name, params)
        for m in re.finditer(r'^[ \t]*#[ \t]*define[ \t]+(\w+)\(([^)]*)\)((?:[^\n\\]|\\\n|\\.)*)', self.src, re.M):
            self.defs.append((m.start(), m.end(), m.group(1), param_names(m.group(2))))
        depth, i = 0, 0
        header = re.compile(r'(\w+)\s*\(((?:[^()]|\([^()]*\))*)\)\s*\{')
        while i < len(flat):
            c = flat[i]
            if c == '{':
                if depth == 0:
                    # the text since the last top-level ; or } is the header of what opens here
                    k = max(flat.rfind(';', 0, i), flat.rfind('}', 0, i), flat.rfind('\n#', 0, i)) + 1
                    m = header.search(flat, k, i + 1)
                    if m and m.end() == i + 1:
                        end = self.block_end(flat, i)
                        self.defs.append((m.start(), end, m.group(1), param_names(m.group(2))))
                depth += 1
            elif c == '}':
                depth -= 1
            i += 1

    @staticmethod
    def block_end(flat, i):
        depth = 0
        for j in range(i, len(flat)):
            if flat[j] == '{':
                depth += 1
            elif flat[j] == '}':
                depth -= 1
                if depth == 0:
                    return j + 1
        return len(flat)

    def enclosing(self, pos):
        best = None
        for d in self.defs:
            if d[0] <= pos < d[1] and (best is None or d[0] >= best[0]):
                best = d
        return best

    def line(self, pos):
        return self.src.count('\n', 0, pos) + 1


def main():
    gen, sarif_path, list_path = sys.argv[1:4]
    units = [Unit(os.path.join(gen, f)) for f in sorted(os.listdir(gen)) if f.endswith('.c')]
    reporters = {'diag_report': 3}
    problems = []
    while True:   # until no new reporter is found
        used, bad, grew = {}, [], False
        for u in units:
            for name, idx in list(reporters.items()):
                for m in re.finditer(r'\b%s\s*\(' % re.escape(name), u.src):
                    d = u.enclosing(m.start())
                    if not d or (d[2] == name and m.start() - d[0] <= 20):
                        continue   # a declaration, or the definition's own header
                    try:
                        args = call_args(u.src, m.end() - 1)
                    except (ValueError, IndexError):
                        bad.append('%s:%d: cannot read the call of %s' % (u.path, u.line(m.start()), name))
                        continue
                    if len(args) <= idx:
                        continue   # a declaration or a mention
                    arg = args[idx]
                    lits = LIT.findall(arg)
                    if lits:
                        for lit in lits:
                            used.setdefault(lit, '%s:%d' % (u.path, u.line(m.start())))
                        continue
                    word = arg.strip('() ')
                    if d and word in d[3]:
                        if d[2] not in reporters:
                            reporters[d[2]] = d[3].index(word)
                            grew = True
                        continue
                    bad.append('%s:%d: the rule id given to %s is not a string literal: %s' % (u.path, u.line(m.start()), name, arg))
        if not grew:
            break
    problems += bad
    # the extractor itself: it must see the reporters and ids every version of tejun has
    for must in ('ERR', 'checkctx_report'):
        if must not in reporters:
            problems.append('the extractor found no reporter %s (it sees: %s)' % (must, ', '.join(sorted(reporters))))
    for must in ('unknown-key', 'yaml-syntax', 'io', 'step-number', 'ja-near-duplicate'):
        if must not in used:
            problems.append('the extractor did not find the rule id %s' % must)
    sarif = json.load(open(sarif_path, encoding='utf-8'))
    table = [r['id'] for r in sarif['runs'][0]['tool']['driver']['rules']]
    if len(table) != len(set(table)):
        problems.append('tool.driver.rules lists an id twice: %s' % sorted(x for x in table if table.count(x) > 1))
    listed = set()
    for line in open(list_path, encoding='utf-8'):
        w = line.split()
        if w:
            listed.add(w[0])
    for rid in sorted(used):
        if rid not in table:
            problems.append('%s: rule id %s is not in tool.driver.rules (add it to check_format_ids in gen/check.c)' % (used[rid], rid))
        if rid not in listed:
            problems.append('%s: rule id %s has no line in tejun check --list-rules' % (used[rid], rid))
    for rid in table:
        if rid not in used:
            problems.append('rule id %s is in the tables but the code never reports it' % rid)
    if problems:
        print('\n'.join(problems))
        return 1
    print('%d rule ids in the code, all in the tables (%d reporters: %s)' % (len(used), len(reporters), ', '.join(sorted(reporters))))
    return 0


if __name__ == '__main__':
    sys.exit(main())

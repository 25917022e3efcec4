#!/usr/bin/env python3
"""redigest.py SNAPSHOT OUT [OLD NEW]...: a crafted release snapshot that passes the digest.

Replaces each OLD with NEW in SNAPSHOT (literal text, in order; every occurrence), then
recomputes the digest the way release_digest (gen/release.c) does for formats 1 and 2 (the
snapshots in manuals/releases are format 1): SHA-256 of libxml2's serialisation of
<publication> without its `tejun` attribute. Snapshots hold none, and libxml2
writes the document on one line, so that serialisation is the text of the <publication>
element as written, except that inside tags libxml2 writes every non-ASCII character as
&#xHEX; (text between tags stays UTF-8). Edits must be written as libxml2 would write them.
Exits 1 when a replacement matches nothing (the test would not test what it says)."""
import hashlib, re, sys

def digest(pub):
    canon = re.sub(r'<[^<>]*>', lambda m: ''.join(c if ord(c) < 128 else '&#x%X;' % ord(c) for c in m.group(0)), pub)
    return 'sha256:' + hashlib.sha256(canon.encode('utf-8')).hexdigest()

def main():
    src, out, subs = sys.argv[1], sys.argv[2], sys.argv[3:]
    s = open(src, encoding='utf-8').read()
    for old, new in zip(subs[0::2], subs[1::2]):
        if old not in s:
            sys.exit('redigest.py: %r is not in %s' % (old, src))
        s = s.replace(old, new)
    a = s.index('<publication')
    b = s.rindex('</publication>') + len('</publication>')
    s = re.sub(r'digest="sha256:[0-9a-f]*"', 'digest="%s"' % digest(s[a:b]), s, count=1)
    open(out, 'w', encoding='utf-8').write(s)

if __name__ == '__main__':
    main()

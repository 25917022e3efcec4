#!/usr/bin/env python3
"""manifest.py OUTDIR: out/manifest.json lists every output file under OUTDIR (HTML and
Markdown), each with the right SHA-256, size, manual, version and date (the version and
date are checked against the file's own stamp; the landing page index.html has none)."""
import hashlib, json, os, re, sys

def main():
    out = sys.argv[1]
    m = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))
    listed = {}
    bad = 0
    for o in m["outputs"]:
        path = os.path.join(out, o["path"])
        listed[o["path"]] = o
        data = open(path, "rb").read()
        if hashlib.sha256(data).hexdigest() != o["sha256"] or len(data) != o["bytes"]:
            print(f"{o['path']}: digest or size differs from the manifest"); bad += 1
        text = data.decode("utf-8")
        if o["manual"] is None:   # the landing page of tejun site: no stamp of its own
            if o["path"] != "index.html" or o["version"] is not None or o["date"] is not None or o["format"] != "html":
                print(f"{o['path']}: an entry without a manual that is not the landing page"); bad += 1
            continue
        if o["format"] == "html":
            v = re.search(r'<meta name="tejun-version" content="([^"]*)"', text)
            d = re.search(r'<meta name="tejun-date" content="([^"]*)"', text)
        else:
            v = re.search(r" version=(\S+)", text.splitlines()[0])
            d = re.search(r" date=(\S+)", text.splitlines()[0])
        if not v or v.group(1) != o["version"] or not d or d.group(1) != o["date"]:
            print(f"{o['path']}: stamp does not match the manifest ({o['version']} {o['date']})"); bad += 1
    for dp, dn, fn in os.walk(out):
        dn[:] = [x for x in dn if not x.startswith(".")]
        for f in fn:
            if f.endswith((".html", ".md")):
                rel = os.path.relpath(os.path.join(dp, f), out)
                if rel not in listed:
                    print(f"{rel}: not in the manifest"); bad += 1
    if not listed:
        print("manifest lists nothing"); bad += 1
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())

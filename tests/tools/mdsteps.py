#!/usr/bin/env python3
"""mdsteps.py XML MD: every step (its number and text) and every note of the intermediate
XML must be present in the HTML that cmark renders from the Markdown output.
Prints each missing one; exit 1 if any."""
import re, subprocess, sys, xml.etree.ElementTree as ET
from html.parser import HTMLParser

class Text(HTMLParser):
    def __init__(self):
        super().__init__(); self.parts = []
    def handle_data(self, d): self.parts.append(d)

def norm(s):
    return re.sub(r"\s+", "", s)

def main():
    xml_path, md_path = sys.argv[1], sys.argv[2]
    root = ET.parse(xml_path).getroot()
    html = subprocess.run(["cmark", md_path], capture_output=True, check=True, text=True).stdout
    p = Text(); p.feed(html)
    text = norm("".join(p.parts))
    missing = 0; count = 0
    for step in root.iter("step"):
        t = norm("".join(step.find("text").itertext()))
        want = norm(step.get("mark")) + t
        count += 1
        if want not in text:
            missing += 1; print(f"{md_path}: step {step.get('mark')} {step.get('id')} missing: {t[:50]}")
        for n in step.findall("note"):
            nt = "※" + norm("".join(n.itertext()))
            if nt not in text:
                missing += 1; print(f"{md_path}: note of step {step.get('id')} missing: {nt[:50]}")
    if count == 0:
        print(f"{xml_path}: no steps found"); return 1
    return 1 if missing else 0

if __name__ == "__main__":
    sys.exit(main())

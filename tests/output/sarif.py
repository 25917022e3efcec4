#!/usr/bin/env python3
"""tests/output/sarif.py SCHEMA FILE...: each FILE is SARIF that the OASIS schema accepts.

Validates with jsonschema's Draft7Validator and format checking on. Fails when the
checker cannot check the formats tejun's SARIF uses (uri, uri-reference: they need
python3-rfc3987), and first proves that validation runs: a broken document and a document
with a malformed uri must both be refused. For each FILE also: strict UTF-8; every ruleId
is in tool.driver.rules; every artifactLocation resolves (percent-decoded to bytes, against
originalUriBaseIds) to a file that exists. Prints one line per problem; exit 1 if any."""
import copy
import json
import os
import sys
import urllib.parse

import jsonschema

GOOD = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "t", "rules": [{"id": "r"}]}},
                                       "results": [{"ruleId": "r", "message": {"text": "m"},
                                                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a%20b.yaml"}}}]}]}]}


def errors(v, doc):
    return sorted(str(e.message) for e in v.iter_errors(doc))


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    v = jsonschema.Draft7Validator(schema, format_checker=checker)
    problems = []
    for fmt in ("uri", "uri-reference"):
        if fmt not in checker.checkers:
            problems.append("jsonschema cannot check format %s here (apt-get install python3-rfc3987)" % fmt)
    # validation must run: the good sample passes, broken ones fail
    if errors(v, GOOD):
        problems.append("the good sample fails: %s" % errors(v, GOOD))
    broken = copy.deepcopy(GOOD)
    broken["version"] = "2.0.0"
    del broken["runs"][0]["tool"]["driver"]["name"]
    if not errors(v, broken):
        problems.append("a document without driver.name and of version 2.0.0 passes: the schema is not applied")
    for uri in ("a b.yaml", "dir#1/x.yaml#frag", "100%.yaml", "日本.yaml"):
        bad = copy.deepcopy(GOOD)
        bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = uri
        if not errors(v, bad):
            problems.append("the uri %r passes: formats are not checked" % uri)
    n = 0
    for path in sys.argv[2:]:
        raw = open(path, "rb").read()
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            problems.append("%s: not UTF-8 JSON: %s" % (path, e))
            continue
        for e in v.iter_errors(doc):
            problems.append("%s: %s: %s" % (path, "/".join(map(str, e.absolute_path)), e.message))
        for run in doc.get("runs", []):
            ids = {r["id"] for r in run["tool"]["driver"].get("rules", [])}
            bases = {k: b["uri"] for k, b in run.get("originalUriBaseIds", {}).items()}
            for r in run.get("results", []):
                n += 1
                if r.get("ruleId") not in ids:
                    problems.append("%s: ruleId %s is not in tool.driver.rules" % (path, r.get("ruleId")))
                for loc in r.get("locations", []):
                    al = loc["physicalLocation"]["artifactLocation"]
                    uri = al["uri"]
                    if "uriBaseId" in al:
                        if al["uriBaseId"] not in bases:
                            problems.append("%s: uriBaseId %s is not in originalUriBaseIds" % (path, al["uriBaseId"]))
                            continue
                        uri = urllib.parse.urljoin(bases[al["uriBaseId"]], uri)
                    if not uri.startswith("file:///"):
                        problems.append("%s: %s does not resolve to a file: URI" % (path, uri))
                        continue
                    f = urllib.parse.unquote_to_bytes(uri[len("file://"):])
                    if not os.path.exists(f):
                        problems.append("%s: %s names %r, which does not exist" % (path, al["uri"], f))
    if problems:
        print("\n".join(problems))
        return 1
    print("%d SARIF files, %d results: valid against the schema (formats checked: %s)"
          % (len(sys.argv) - 2, n, ", ".join(sorted(checker.checkers))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Validate tejun YAML files against the JSON Schemas in tests/schema/.

    python3 tests/schema/validate.py FILE...
    python3 tests/schema/validate.py --as manual|fragment|catalog FILE...

The schema is picked by path: manuals/shared/catalog.yaml (any `shared/catalog.yaml`)
-> catalog.schema.json, any other file in a `shared/` folder -> fragment.schema.json,
anything else -> manual.schema.json. `--as` overrides that for all files.

Prints one line per problem, `FILE: path.to.key: message (line N)`, and exits 1 if
there is any, 0 otherwise. Dates (2024-04-19) are read as strings, as the YAML
extension of editors and the compiler see them. Duplicate keys and YAML anchors
and aliases (which the compiler rejects) are reported too.
Needs python3-yaml and python3-jsonschema (Debian 12: jsonschema 4.10, draft 2020-12).
"""
import json
import os
import sys

try:
    import yaml
    import jsonschema
except ImportError as e:  # pragma: no cover
    print("validate.py: %s (apt-get install -y python3-yaml python3-jsonschema)" % e)
    sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ("manual", "fragment", "catalog")
MAXLEN = 160


class Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates stay strings."""


Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def pick_kind(path):
    p = os.path.abspath(path)
    parent = os.path.basename(os.path.dirname(p))
    if parent == "shared":
        return "catalog" if os.path.basename(p) == "catalog.yaml" else "fragment"
    return "manual"


_validators = {}


def validator(kind):
    if kind not in _validators:
        with open(os.path.join(HERE, kind + ".schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _validators[kind] = cls(schema)
    return _validators[kind]


def fmt_path(path):
    return ".".join(str(p) for p in path) if len(path) else "(root)"


def short(value):
    s = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return s if len(s) <= 60 else s[:57] + "..."


def node_index(node, path=(), out=None, dups=None):
    """Map each instance path to its line; collect duplicate keys."""
    if out is None:
        out, dups = {}, []
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            if key in seen:
                dups.append((path + (key,), k.start_mark.line + 1))
            seen.add(key)
            node_index(v, path + (key,), out, dups)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            node_index(v, path + (i,), out, dups)
    return out, dups


def typename(v):
    return {dict: "mapping", list: "list", str: "string", bool: "boolean",
            int: "number", float: "number", type(None): "null"}.get(type(v), type(v).__name__)


REF_NAMES = {"id": "an id (a string)", "text": "a string", "cells": "a list of strings",
             "items": "a list", "when": "a condition id or list of them"}
TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "a string", "boolean": "true/false",
              "number": "a number", "integer": "an integer"}


def describe(branch):
    if not isinstance(branch, dict):
        return "?"
    if "$ref" in branch:
        name = branch["$ref"].rsplit("/", 1)[-1]
        return REF_NAMES.get(name, name)
    t = branch.get("type")
    if t == "object" and isinstance(branch.get("properties"), dict):
        return "a mapping {%s}" % ", ".join(branch["properties"])
    return TYPE_NAMES.get(t, str(t))


def flatten(err):
    """Turn one jsonschema error into a list of (path, message), explaining oneOf/anyOf."""
    path = list(err.absolute_path)
    if err.validator in ("oneOf", "anyOf"):
        branches = err.validator_value
        # "exactly one of these keys" (blocks, refs)
        if all(isinstance(b, dict) and list(b) == ["required"] and len(b["required"]) == 1 for b in branches):
            keys = [b["required"][0] for b in branches]
            inst = err.instance if isinstance(err.instance, dict) else {}
            found = [k for k in keys if k in inst]
            if not found:
                return [(path, "needs one of: %s" % ", ".join(keys))]
            return [(path, "has %s; needs exactly one of: %s" % (" and ".join(found), ", ".join(keys)))]
        if err.validator == "oneOf" and not err.context:
            return [(path, "%s matches more than one alternative" % short(err.instance))]
        # group sub-errors by branch; drop branches whose type does not fit the instance
        by_branch = {}
        for sub in err.context:
            by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = {}
        for b, subs in by_branch.items():
            if any(s.validator == "type" and len(s.relative_path) == 0 for s in subs):
                continue
            fitting[b] = subs
        if len(fitting) == 1:
            out = []
            for sub in sorted(next(iter(fitting.values())), key=lambda e: len(e.absolute_path)):
                out.extend(flatten(sub))
            return out
        wanted = [describe(b) for b in branches]
        return [(path, "%s (%s) is not valid: expected %s" %
                 (short(err.instance), typename(err.instance), " or ".join(dict.fromkeys(wanted))))]
    if err.validator == "not" and isinstance(err.instance, dict) and "step" in err.instance:
        keys = [k for k in ("when", "refs") if k in err.instance]
        return [(path, "%s of a step go%s inside the step, indented under `step:`"
                 % (" and ".join(repr(k) for k in keys), "es" if len(keys) == 1 else ""))]
    if err.validator == "type":
        return [(path, "%s is a %s, expected %s" % (short(err.instance), typename(err.instance),
                                                     err.validator_value))]
    if err.validator == "minItems":
        return [(path, "%s is too short: needs at least %d item(s)" % (short(err.instance), err.validator_value))]
    if err.validator == "minLength":
        return [(path, "%s is too short: needs at least %d character(s)" % (short(err.instance), err.validator_value))]
    if err.validator == "pattern":
        return [(path, "%s does not match %s" % (short(err.instance), err.validator_value))]
    msg = err.message
    if len(msg) > MAXLEN:
        msg = msg[:MAXLEN - 3] + "..."
    return [(path, msg)]


def sort_key(err):
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in err.absolute_path)


def check_file(path, kind):
    problems = []
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        return [("(file)", str(e))]
    try:
        node = yaml.compose(text, Loader=Loader)
        data = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        msg = " ".join(x for x in (getattr(e, "context", None), getattr(e, "problem", None)) if x)
        if not msg:
            msg = " ".join(str(e).split())
        if mark is not None:
            msg += " (line %d, column %d)" % (mark.line + 1, mark.column + 1)
        return [("(yaml)", msg)]
    lines, dups = node_index(node) if node is not None else ({}, [])
    for ev in yaml.parse(text, Loader=Loader):
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            problems.append(("(yaml)", "YAML anchors and aliases (&a, *a) are not supported by tejun; write the "
                             "content out or use include: (line %d)" % (ev.start_mark.line + 1)))
    for p, line in dups:
        problems.append((fmt_path(p), "duplicate key %r (line %d)" % (p[-1], line)))
    v = validator(kind)
    for err in sorted(v.iter_errors(data), key=sort_key):
        for p, msg in flatten(err):
            line = None
            q = tuple(p)
            while line is None:
                line = lines.get(q)
                if not q:
                    break
                q = q[:-1]
            suffix = " (line %d)" % line if line else ""
            problems.append((fmt_path(p), msg + suffix))
    # de-duplicate, keep order
    return list(dict.fromkeys(problems))


def main(argv):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass
    args = argv[1:]
    forced = None
    if args[:1] == ["--as"]:
        if len(args) < 2 or args[1] not in KINDS:
            print("usage: validate.py [--as manual|fragment|catalog] FILE...")
            return 1
        forced, args = args[1], args[2:]
    if not args or args[0] in ("-h", "--help"):
        print("usage: validate.py [--as manual|fragment|catalog] FILE...")
        return 1
    bad = 0
    for path in args:
        for where, msg in check_file(path, forced or pick_kind(path)):
            print("%s: %s: %s" % (path, where, msg))
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))

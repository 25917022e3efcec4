#!/usr/bin/env python3
"""Generate the JSON Schemas of the tejun manual format (manuals/README.md).

    python3 tests/schema/gen_schemas.py          # (re)write the three schema files
    python3 tests/schema/gen_schemas.py --check  # exit 1 if a file is out of date

The three schemas share their definitions; each output file is self-contained
(no cross-file $ref), so editors such as the VS Code YAML extension can use any
one of them alone. Edit this file, not the generated *.schema.json.
"""
import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://tejun.invalid/schema/"

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
VERSION_PATTERN = "^第[0-9０-９]{1,6}\\.[0-9０-９]{1,6}版$"
# circled numbers ①..⑳, ㉑..㉟, ㊱..㊿
CIRCLED_PATTERN = "^[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]$"
# as the compiler checks them: relative, no "..", no backslash (images: no scheme, i.e. no ":")
INCLUDE_PATTERN = "^(?!/)(?!.*\\.\\.)[^\\\\]+$"
IMAGE_PATTERN = "^(?!/)(?!.*\\.\\.)[^:\\\\]+$"

BLOCK_KINDS = ["text", "heading", "note", "list", "step", "table", "code", "screenshot"]


def d(ja, en):
    """A description in Japanese and English."""
    return "%s\n\n%s" % (ja, en)


def ref(name):
    return {"$ref": "#/$defs/" + name}


DEFS = {
    "id": {
        "type": "string",
        "pattern": ID_PATTERN,
        "maxLength": 64,
        "description": d("ID：英小文字・数字・`-` のみ（先頭は英小文字か数字、64文字まで）。",
                         "An id: lower-case letters, digits and '-', starting with a letter or digit; at most 64."),
    },
    "text": {
        "type": "string",
        "minLength": 1,
        "description": d("本文（Markdownインライン：**太字**、[リンク](https://…)、<https://…>、`コード`）。"
                         "参照は {{page:ID}} {{step:ID}} {{doc:ID}}。公開版の文言どおりに書く。",
                         "Text (Markdown inline). Symbolic references: {{page:ID}}, {{step:ID}}, {{doc:ID}}. "
                         "Write the text exactly as published."),
    },
    "when": {
        "description": d("条件ID（またはそのリスト）。一部のお客様にだけ当てはまる内容に付ける（shared/catalog.yaml の conditions）。",
                         "A condition id or a list of them (from shared/catalog.yaml `conditions`): "
                         "the content applies only to some customers."),
        "oneOf": [
            ref("id"),
            {"type": "array", "items": ref("id"), "minItems": 1, "uniqueItems": True},
        ],
    },
    "ref": {
        "type": "object",
        "description": d("文中の参照語句（`text`）と、それが指す先（`page`・`step`・`doc` のどれか一つ）。",
                         "A literal reference: the words as they occur (`text`) and exactly one of "
                         "`page`, `step` or `doc` they mean."),
        "additionalProperties": False,
        "required": ["text"],
        "properties": {
            "text": {"type": "string", "minLength": 1,
                     "description": d("本文中の語句そのまま（例：`P4`、`前工程⑩`）。",
                                      "The words exactly as they occur in text/notes/items (e.g. `P4`).")},
            "page": {**ref("id"), "description": d("参照先のページID。", "The page id it means.")},
            "step": {**ref("id"), "description": d("参照先の手順ID。", "The step id it means.")},
            "doc": {**ref("id"), "description": d("参照先の文書ID（catalog の documents）。",
                                                   "The document id it means (catalog `documents`).")},
        },
        "oneOf": [{"required": ["page"]}, {"required": ["step"]}, {"required": ["doc"]}],
    },
    "refs": {
        "type": "array",
        "items": ref("ref"),
        "minItems": 1,
        "maxItems": 64,
        "description": d("文中に書かれた参照（`P4`、`前頁の手順⑦` など）の意味。",
                         "What the literal references in the prose (`P4`, `前頁の手順⑦`, …) mean."),
    },
    "wait": {
        "type": "string", "minLength": 1,
        "description": d("チェックリストで「待ち」の行にする（例：初回同期 3〜4時間）。時刻の記入欄が付く。",
                         "Makes this a waiting row of the checklists (e.g. the first sync, 3-4 hours), "
                         "with a field for the time; the value is the row's label."),
    },
    "ignore": {
        "type": "array",
        "minItems": 1,
        "maxItems": 32,
        "description": d("このノードで指摘を抑止する：ルールIDと理由。件数は tejun check の集計に出る。",
                         "Silence a finding on this node: the rule id and the reason; counted in the summary."),
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["rule", "reason"],
            "properties": {
                "rule": {"type": "string", "minLength": 1,
                         "description": d("ルールID（tejun check --list-rules）。", "The rule id (tejun check --list-rules).")},
                "reason": {"type": "string", "minLength": 1,
                           "description": d("抑止する理由。", "Why the finding is wrong here.")},
            },
        },
    },
    "conditionalText": {
        "description": d("文字列、または一部のお客様だけに当てはまる場合は {text, when}。",
                         "A string, or {text, when} when it applies only to some customers."),
        "oneOf": [
            ref("text"),
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["text"],
                "properties": {"text": ref("text"), "when": ref("when")},
            },
        ],
    },
    "notes": {
        "type": "array",
        "items": ref("conditionalText"),
        "minItems": 1,
        "description": d("※注記（先頭の ※ は書かない）。", "※ notes, written without the ※."),
    },
    "items": {
        "type": "array",
        "items": ref("conditionalText"),
        "minItems": 1,
        "description": d("箇条書き（先頭の ・ は書かない）。", "Bulleted items, written without the leading ・."),
    },
    "cells": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
    },
    "table": {
        "type": "object",
        "description": d("表：`columns`（見出し）と `rows`（行）。行は文字列の配列、または {cells, when}。",
                         "A table: `columns` (headers) and `rows`; a row is an array of strings or {cells, when}."),
        "additionalProperties": False,
        "required": ["columns", "rows"],
        "properties": {
            "columns": {**ref("cells"), "description": d("列見出し。", "The column headers.")},
            "rows": {
                "type": "array",
                "minItems": 1,
                "description": d("行の並び。", "The rows."),
                "items": {
                    "oneOf": [
                        ref("cells"),
                        {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["cells"],
                            "properties": {"cells": ref("cells"), "when": ref("when")},
                        },
                    ]
                },
            },
        },
    },
    "code": {
        "type": "string",
        "description": d("コードブロック。文字どおりに保たれる（`|` ブロック形式で書く）。",
                         "A code block, kept exactly (use `|` block style)."),
    },
    "screenshot": {
        "description": d("画面写真の置き場所：キャプション、または {caption, image}。",
                         "A screenshot placeholder: a caption, or {caption, image}."),
        "oneOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["caption"],
                "properties": {
                    "caption": {"type": "string", "minLength": 1,
                                "description": d("キャプション。", "The caption.")},
                    "image": {"type": "string", "pattern": IMAGE_PATTERN,
                              "description": d("画像ファイル（PNG か JPEG）の相対パス（例：images/x.png）。",
                                               "Relative path of the image file, PNG or JPEG (e.g. images/x.png).")},
                    "callouts": {
                        "type": "array",
                        "maxItems": 64,
                        "description": d("画像に描く手順の番号：{step, x, y}（画像のピクセル、左上が原点）。",
                                         "Step numbers drawn on the image: {step, x, y} (pixels of the image, origin top-left)."),
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["step", "x", "y"],
                            "properties": {
                                "step": {"type": "string", "pattern": ID_PATTERN,
                                         "description": d("番号を描く手順の id。", "The id of the step whose number is drawn.")},
                                "x": {"type": "integer", "minimum": 0, "maximum": 9999,
                                      "description": d("左端からのピクセル。", "Pixels from the left edge.")},
                                "y": {"type": "integer", "minimum": 0, "maximum": 9999,
                                      "description": d("上端からのピクセル。", "Pixels from the top edge.")},
                            },
                        },
                    },
                },
            },
        ],
    },
    "step": {
        "type": "object",
        "description": d("番号付きの手順（①②③…は tejun が振る）。",
                         "A numbered step (tejun writes the number)."),
        "additionalProperties": False,
        "required": ["id", "text"],
        "properties": {
            "id": {**ref("id"), "description": d("手順ID（マニュアル内で一意）。", "Step id, unique in the manual.")},
            "number": {"type": "string", "pattern": CIRCLED_PATTERN,
                       "description": d("公開版に印刷された丸数字（例：⑤）。tejun が計算した番号と照合する。",
                                        "The circled number as printed (e.g. ⑤); checked against the computed one.")},
            "text": {**ref("text"), "description": d("手順の指示文。", "The instruction (Markdown inline).")},
            "short": {"type": "string", "minLength": 1,
                      "description": d("チェックリストに印刷する短い文（省略時は本文の最初の文）。",
                                       "The short form printed on checklists (default: the text's first sentence).")},
            "notes": ref("notes"),
            "items": ref("items"),
            "table": ref("table"),
            "code": ref("code"),
            "screenshot": ref("screenshot"),
            "when": ref("when"),
            "refs": ref("refs"),
            "wait": ref("wait"),
            "ignore": ref("ignore"),
        },
    },
    "block": {
        "type": "object",
        "description": d("本文の部品：text・heading・note・list・step・table・code・screenshot のどれか一つと、任意の when・refs。",
                         "A block: exactly one of text, heading, note, list, step, table, code, screenshot; "
                         "plus optional when and refs."),
        "additionalProperties": False,
        "properties": {
            "text": {**ref("text"), "description": d("段落（Markdownインライン）。", "A paragraph (Markdown inline).")},
            "heading": {"type": "string", "minLength": 1,
                        "description": d("ページ内の小見出し（例：1.事前準備）。", "A sub-heading inside the page.")},
            "note": {**ref("text"), "description": d("手順に属さない※注記（※は書かない）。",
                                                    "A ※ note that is not part of a step (without the ※).")},
            "list": {**ref("items"), "description": d("箇条書き（・は書かない）。", "A bulleted list (items without ・).")},
            "step": ref("step"),
            "table": ref("table"),
            "code": ref("code"),
            "screenshot": ref("screenshot"),
            "when": ref("when"),
            "refs": ref("refs"),
            "wait": ref("wait"),
            "ignore": ref("ignore"),
        },
        "oneOf": [{"required": [k]} for k in BLOCK_KINDS],
        # the compiler wants a step's when/refs/wait/ignore inside the step
        "if": {"required": ["step"]},
        "then": {"not": {"anyOf": [{"required": [k]} for k in ["when", "refs", "wait", "ignore"]]}},
    },
    "page": {
        "type": "object",
        "description": d("ページ（P3以降、印刷順）。", "A page (from P3 on, in printed order)."),
        "additionalProperties": False,
        "required": ["id", "procedure", "body"],
        "properties": {
            "id": {**ref("id"), "description": d("ページID（マニュアル内で一意）。", "Page id, unique in the manual.")},
            "procedure": {"type": "string", "minLength": 1,
                          "description": d("手順名（例：事前準備、API連携－Box）。",
                                           "The procedure the page belongs to (e.g. 事前準備, API連携－Box).")},
            "qualifier": {"type": "string", "minLength": 1,
                          "description": d("カウンタの後に印刷される語（例：≪CAS側の設定≫）。",
                                           "Printed after the counter (e.g. ≪CAS側の設定≫).")},
            "divider": {"type": "boolean",
                        "description": d("手順の扉ページなら true（カウンタなし）。",
                                         "true for a procedure's title page (no counter).")},
            "title": {"type": "string", "minLength": 1,
                      "description": d("公開版に印刷されたタイトル（カウンタ込み）。照合用。",
                                       "The title as printed in the deck, including its counter; for checking.")},
            "service": {
                "description": d("このページが対象とするサービスID（またはそのリスト）。省略時は全サービス。",
                                 "The service id(s) the page is for; without it the page is in every output."),
                "oneOf": [ref("id"), {"type": "array", "items": ref("id"), "minItems": 1, "uniqueItems": True}],
            },
            "when": ref("when"),
            "ignore": ref("ignore"),
            "body": {
                "type": "array",
                "items": ref("block"),
                "minItems": 1,
                "description": d("ページの本文（読む順）。", "The blocks of the page, in reading order."),
            },
        },
    },
    "include": {
        "type": "object",
        "description": d("共通ページの取り込み：`include: shared/FILE.yaml`。",
                         "Include the pages of a shared file: `include: shared/FILE.yaml`."),
        "additionalProperties": False,
        "required": ["include"],
        "properties": {
            "include": {"type": "string", "pattern": INCLUDE_PATTERN,
                        "description": d("manuals/ からの相対パス（manuals/ の外は不可）。",
                                         "Path relative to manuals/ (must stay inside manuals/).")},
        },
    },
    "pageOrInclude": {
        "if": {"type": "object", "required": ["include"]},
        "then": ref("include"),
        "else": ref("page"),
    },
    "pages": {
        "type": "array",
        "items": ref("pageOrInclude"),
        "minItems": 1,
        "description": d("ページの並び（印刷順）：ページ、または include: shared/FILE.yaml。",
                         "The pages in printed order: a page, or include: shared/FILE.yaml."),
    },
}

MANUAL = {
    "title": "tejun manual",
    "description": d("tejun のマニュアル（manuals/*.yaml）。書式は manuals/README.md。",
                     "A tejun manual (manuals/*.yaml); the format is described in manuals/README.md."),
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "services", "trademarks", "changelog", "pages"],
    "properties": {
        "id": {**ref("id"), "description": d("マニュアルID（例：box）。出力先は out/<id>/。",
                                             "The manual id (e.g. box). Output goes to out/<id>/.")},
        "title": {"type": "string", "minLength": 1,
                  "description": d("マニュアルのタイトル（例：Box アクティベーション手順）。",
                                   "The manual's title (e.g. Box アクティベーション手順).")},
        "services": {
            "type": "array", "items": ref("id"), "minItems": 1, "uniqueItems": True,
            "description": d("このマニュアルでアクティベートするサービスID（catalog の services）。",
                             "The services it activates (ids from the catalog)."),
        },
        "label": {"type": "string", "minLength": 1,
                  "description": d("情報ラベル。省略時は catalog の label。",
                                   "The information label; default: the catalog's label.")},
        "trademarks": {
            "type": "array", "items": ref("text"), "minItems": 1,
            "description": d("「商標について」の各行（順番どおり）。", "The lines of 商標について, in order."),
        },
        "changelog": {
            "type": "array",
            "minItems": 1,
            "description": d("変更履歴（古い順）。出力には最後の行の版と日付が入る。",
                             "The change log, oldest first; outputs are stamped with the last row."),
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["version", "date", "text"],
                "properties": {
                    "version": {"type": "string", "pattern": VERSION_PATTERN,
                                "description": d("版（例：第2.0版）。", "The version (e.g. 第2.0版).")},
                    "date": {"type": "string", "pattern": DATE_PATTERN,
                             "description": d("日付 YYYY-MM-DD（例：2024-04-19）。", "The date, YYYY-MM-DD.")},
                    "text": {"type": "string", "minLength": 1, "maxLength": 1000,
                             "description": d("変更内容。", "What changed.")},
                },
            },
        },
        "pages": ref("pages"),
    },
}

FRAGMENT = {
    "title": "tejun shared pages",
    "description": d("共通ページのファイル（manuals/shared/*.yaml）：`pages:` のみ。",
                     "A shared-pages file (manuals/shared/*.yaml): `pages:` only."),
    "type": "object",
    "additionalProperties": False,
    "required": ["pages"],
    "properties": {"pages": ref("pages")},
}


def catalog_list(item_props, required, ja, en):
    return {
        "type": "array",
        "description": d(ja, en),
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": required,
            "properties": item_props,
        },
    }


CATALOG = {
    "title": "tejun catalog",
    "description": d("全マニュアル共通の情報（manuals/shared/catalog.yaml）。",
                     "What all manuals share (manuals/shared/catalog.yaml)."),
    "type": "object",
    "additionalProperties": False,
    "required": ["publisher", "product", "label", "services"],
    "properties": {
        "publisher": {"type": "string", "minLength": 1,
                      "description": d("発行者（表紙に印刷）。", "The publisher (printed on the cover).")},
        "product": {"type": "string", "minLength": 1,
                    "description": d("製品名。", "The product name.")},
        "label": {"type": "string", "minLength": 1,
                  "description": d("既定の情報ラベル（例：社外秘）。", "The default information label.")},
        "services": {**catalog_list(
            {"id": {**ref("id"), "description": d("サービスID。", "Service id.")},
             "name": {"type": "string", "minLength": 1, "description": d("表示名。", "Display name.")}},
            ["id", "name"], "サービスの一覧（64 まで）。", "The services (at most 64)."), "maxItems": 64},
        "documents": catalog_list(
            {"id": {**ref("id"), "description": d("文書ID（{{doc:ID}} や refs の doc で使う）。",
                                                  "Document id (for {{doc:ID}} and refs).")},
             "title": {"type": "string", "minLength": 1, "maxLength": 200,
                       "description": d("文書のタイトル（本文に印刷される）。", "The document's title as printed.")},
             "note": {"type": "string", "minLength": 1,
                      "description": d("編集者向けのメモ。", "A note for editors.")}},
            ["id", "title"], "参照される別文書の一覧。", "The other documents referred to."),
        "conditions": catalog_list(
            {"id": {**ref("id"), "description": d("条件ID（when で使う）。", "Condition id (for `when`).")},
             "kind": {"enum": ["plan", "mip", "region"],
                      "description": d("条件の種類：plan・mip・region。", "The kind of condition: plan, mip or region.")},
             "label": {"type": "string", "minLength": 1,
                       "description": d("完全版で内容の横に表示するラベル。",
                                        "The label shown beside the content in the full manual.")}},
            ["id", "kind", "label"], "条件（一部のお客様だけに当てはまる内容）の一覧。",
            "The conditions (content that applies only to some customers)."),
    },
}


def used_defs(schema, defs):
    """The names of the $defs that schema refers to, transitively."""
    seen = set()

    def walk(node):
        if isinstance(node, dict):
            r = node.get("$ref")
            if isinstance(r, str) and r.startswith("#/$defs/"):
                name = r[len("#/$defs/"):]
                if name not in seen:
                    seen.add(name)
                    walk(defs[name])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    return seen


def build(name, body):
    schema = {"$schema": DRAFT, "$id": BASE_ID + name}
    schema.update(copy.deepcopy(body))
    names = used_defs(body, DEFS)
    if names:
        schema["$defs"] = {k: copy.deepcopy(DEFS[k]) for k in DEFS if k in names}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


OUTPUTS = {
    "manual.schema.json": MANUAL,
    "fragment.schema.json": FRAGMENT,
    "catalog.schema.json": CATALOG,
}


def main(argv):
    check = "--check" in argv[1:]
    bad = 0
    for name, body in OUTPUTS.items():
        path = os.path.join(HERE, name)
        text = build(name, body)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    current = f.read()
            except OSError:
                current = None
            if current != text:
                print("%s: out of date; run python3 tests/schema/gen_schemas.py" % os.path.relpath(path))
                bad = 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))

/* tests/unit/inline.c: gen/inline.c — Markdown inline text → elements of the intermediate XML:
 * emphasis, code, links (only http(s) and relative keep their href), raw HTML as text, block
 * syntax taken literally, references through the callback, and the nesting limit. */
#define UNIT_NAME "inline"
#include "unit.h"
#include "inline.h"
#include <libxml/tree.h>
#include <stdlib.h>

/* the reference callback: page "p4" is P4 (#p4), doc "policy" has a title, the rest unknown */
static int S_ref(void *ctx, tj_refkind kind, const char *id, buf *text, buf *href) {
  (*(int *)ctx)++;
  if (kind == REF_PAGE && !strcmp(id, "p4")) { buf_puts(text, "P4"); buf_puts(href, "#p4"); return 1; }
  if (kind == REF_DOC && !strcmp(id, "policy")) { buf_puts(text, "【ポリシー】"); return 1; }
  return 0;
}

/* md as inline_emit writes it into <t>…</t>, serialised (the children only) */
static char *S_emit(const char *md, const tj_ref *refs, int nrefs, int *calls) {
  xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
  xmlNodePtr t = xmlNewNode(NULL, BAD_CAST "t");
  xmlDocSetRootElement(doc, t);
  int n = 0;
  inline_emit(t, md, S_ref, &n, refs, nrefs);
  if (calls) *calls = n;
  xmlBufferPtr xb = xmlBufferCreate();
  for (xmlNodePtr c = t->children; c; c = c->next) xmlNodeDump(xb, doc, c, 0, 0);
  char *s = strdup((const char *)xmlBufferContent(xb));
  xmlBufferFree(xb);
  xmlFreeDoc(doc);
  return s;
}

#define EMITS(md, want) do { char *u_s = S_emit(md, NULL, 0, NULL); EQ_STR(u_s, want); free(u_s); } while (0)

static void t_plain_and_emphasis(void) {
  EMITS("「設定」を押下します。", "「設定」を押下します。");
  EMITS("「**ログイン**」を押下", "「<strong>ログイン</strong>」を押下");
  EMITS("*a* and _b_", "<em>a</em> and <em>b</em>");
  EMITS("**強調 *入れ子* です**", "<strong>強調 <em>入れ子</em> です</strong>");
  EMITS("`a < b & c`", "<code>a &lt; b &amp; c</code>");
  EMITS("一行目\n二行目", "一行目<br/>二行目");
  EMITS("x & y < z", "x &amp; y &lt; z");
}

static void t_block_syntax_is_literal(void) {
  EMITS("# 見出しではない", "# 見出しではない");
  EMITS("- 箇条書きではない", "- 箇条書きではない");
  EMITS("1. 番号付きではない", "1. 番号付きではない");
  EMITS("> 引用ではない", "&gt; 引用ではない");
  EMITS("---", "---");
}

static void t_links(void) {
  EMITS("[ヘルプ](https://help.example.com/a?b=1&c=2)", "<a href=\"https://help.example.com/a?b=1&amp;c=2\">ヘルプ</a>");
  EMITS("[相対](docs/a.html#x)", "<a href=\"docs/a.html#x\">相対</a>");
  EMITS("[悪い](javascript:alert(1))", "<span>悪い</span>");     /* no href: the words stay */
  EMITS("[悪い](//evil.example.com/)", "<span>悪い</span>");
  EMITS("![画像](https://x/a.png)", "<span>画像</span>");          /* an image: its words */
  EMITS("https://alpha.example.com/admin へ", "<a href=\"https://alpha.example.com/admin\">https://alpha.example.com/admin</a> へ");
  CHECK(inline_url_ok("http://a") && inline_url_ok("HTTPS://a/b") && inline_url_ok("a/b.html") && inline_url_ok("#x") && inline_url_ok("?q=1"));
  CHECK(!inline_url_ok("javascript:x") && !inline_url_ok("data:text/html,x") && !inline_url_ok("//host/x")
        && !inline_url_ok("http://") && !inline_url_ok("java\tscript:x") && !inline_url_ok("mailto:a@b"));
}

static void t_raw_html_is_text(void) {
  EMITS("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
  EMITS("a <b>太字</b> c", "a &lt;b&gt;太字&lt;/b&gt; c");
  EMITS("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;");
}

static void t_references(void) {
  int calls = 0;
  char *s = S_emit("P4参照：{{page:p4}}、{{doc:policy}}、{{page:nope}}", NULL, 0, &calls);
  EQ_STR(s, "P4参照：<ref kind=\"page\" target=\"p4\" href=\"#p4\">P4</ref>、<ref kind=\"doc\" target=\"policy\">【ポリシー】</ref>、"
            "<ref kind=\"page\" target=\"nope\" unresolved=\"yes\">?\?</ref>");
  EQ_INT(calls, 3);
  free(s);
  /* a reference inside a code span stays as written */
  s = S_emit("`{{page:p4}}` と書く", NULL, 0, &calls);
  EQ_STR(s, "<code>{{page:p4}}</code> と書く");
  free(s);
  /* a literal reference: the first place of its words becomes <ref literal="yes"> */
  tj_ref r = { .text = "P4", .kind = REF_PAGE, .target = "p4" };
  s = S_emit("パスワードはP4にて設定したもの（P4）", &r, 1, NULL);
  EQ_STR(s, "パスワードは<ref kind=\"page\" target=\"p4\" href=\"#p4\" literal=\"yes\">P4</ref>にて設定したもの（P4）");
  free(s);
}

/* "*a *a … x … a* a*": emphasis n deep */
static char *S_nested(int n) {
  buf b; buf_init(&b);
  for (int i = 0; i < n; i++) buf_puts(&b, "*a ");
  buf_putc(&b, 'x');
  for (int i = 0; i < n; i++) buf_puts(&b, " a*");
  return buf_detach(&b);
}

static void t_nesting_limit(void) {
  /* up to INLINE_MAX_DEPTH markup characters: their count, a bound (not parsed) */
  EQ_INT(inline_depth("no markup"), 0);
  EQ_INT(inline_depth("**a**"), 4);
  EQ_INT(inline_depth("a_b_c"), 2);
  /* past it, the depth as cmark nests it */
  char *md = S_nested(INLINE_MAX_DEPTH + 4);
  EQ_INT(inline_depth(md), INLINE_MAX_DEPTH + 4);
  free(md);
  md = S_nested(INLINE_MAX_DEPTH);
  EQ_INT(inline_depth(md), INLINE_MAX_DEPTH);
  free(md);
  /* many markup characters, shallow: not over the limit */
  buf b; buf_init(&b);
  for (int i = 0; i < 30; i++) buf_puts(&b, "*e* ");
  EQ_INT(inline_depth(buf_cstr(&b)), 1);
  buf_free(&b);
  /* links and strong count as levels too */
  EQ_INT(inline_depth("[**a *b* c** d](https://x) e_f_g_h_i_j_k_l_m_n_o_p_q_r_s"), 3);
  /* what inline_emit writes at the limit: INLINE_MAX_DEPTH nested <em> */
  md = S_nested(INLINE_MAX_DEPTH);
  char *s = S_emit(md, NULL, 0, NULL);
  int open = 0;
  for (const char *p = s; (p = strstr(p, "<em>")); p++) open++;
  EQ_INT(open, INLINE_MAX_DEPTH);
  free(s); free(md);
}

int main(void) {
  RUN(t_plain_and_emphasis);
  RUN(t_block_syntax_is_literal);
  RUN(t_links);
  RUN(t_raw_html_is_text);
  RUN(t_references);
  RUN(t_nesting_limit);
  xmlCleanupParser();
  return UNIT_END();
}

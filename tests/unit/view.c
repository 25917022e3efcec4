/* tests/unit/view.c: gen/view.c — circled step numbers (①…⑳, ㉑…㉟, ㊱…㊿, then "(51)"),
 * full-width counters, and the P numbers, counters, step numbers and titles of a small manual
 * (loaded from the YAML below) in the full view and in each service's view. */
#define UNIT_NAME "view"
#include "unit.h"
#include "view.h"
#include "load.h"
#include <stdlib.h>

static char *S_mark(int n) { buf b; buf_init(&b); view_mark(&b, n); return buf_detach(&b); }

static void t_marks(void) {
  static const struct { int n; const char *s; } v[] = {
    { 1, "①" }, { 2, "②" }, { 9, "⑨" }, { 10, "⑩" }, { 19, "⑲" }, { 20, "⑳" },
    { 21, "㉑" }, { 22, "㉒" }, { 35, "㉟" }, { 36, "㊱" }, { 49, "㊾" }, { 50, "㊿" },
    { 51, "(51)" }, { 100, "(100)" }, { 0, "(0)" }, { -3, "(-3)" },
  };
  for (size_t i = 0; i < sizeof v / sizeof *v; i++) { char *s = S_mark(v[i].n); EQ_STR(s, v[i].s); free(s); }
}

static void t_marks_round_trip(void) {
  int bad = 0, len = 0;
  for (int n = 1; n <= 50; n++) {
    char *s = S_mark(n);
    len = 0;
    if (view_parse_mark(s, &len) != n || len != (int)strlen(s) || len != 3) bad = n;
    free(s);
  }
  EQ_INT(bad, 0);   /* the first n whose mark does not parse back to n (0: none) */
  len = -1;
  EQ_INT(view_parse_mark("③を押下", &len), 3); EQ_INT(len, 3);
  len = -1;
  EQ_INT(view_parse_mark("(51)", &len), 0); EQ_INT(len, -1);   /* len untouched when not a mark */
  EQ_INT(view_parse_mark("⑴", NULL), 0);                        /* U+2474, parenthesised 1 */
  EQ_INT(view_parse_mark("㉐", NULL), 0);                        /* U+3250, just before ㉑ */
  EQ_INT(view_parse_mark("㊀", NULL), 0);                        /* U+3280, between ㉟ and ㊱ */
  EQ_INT(view_parse_mark("", NULL), 0);
  EQ_INT(view_parse_mark("\xE2\x91", NULL), 0);                 /* ① cut short */
  EQ_INT(view_parse_mark("1", NULL), 0);
}

static void t_fullwidth(void) {
  buf b; buf_init(&b);
  view_fullwidth(&b, 1); buf_putc(&b, ' ');
  view_fullwidth(&b, 12); buf_putc(&b, ' ');
  view_fullwidth(&b, 0); buf_putc(&b, ' ');
  view_fullwidth(&b, 305);
  EQ_STR(buf_cstr(&b), "１ １２ ０ ３０５");
  buf_free(&b);
}

static const char S_catalog[] =
  "publisher: テスト発行株式会社\n"
  "product: おまかせテストサービス\n"
  "label: 社外秘\n"
  "services:\n"
  "  - {id: alpha, name: Alpha}\n"
  "  - {id: beta, name: Beta}\n";

/* pages (index: procedure, service):
 *   0 prep        事前準備 (divider)     1 prep-a  事前準備 ①②     2 prep-b  事前準備 ③
 *   3 login       アクティベーション方法 ①
 *   4 alpha-1     API連携 ≪A≫ alpha ①   5 alpha-2 API連携 ≪A≫ alpha ②
 *   6 beta-1      API連携 ≪B≫ beta ①, printed title 「API連携（３） ≪B≫」 */
static const char S_manual[] =
  "id: unit\n"
  "title: Unit アクティベーション手順\n"
  "services: [alpha, beta]\n"
  "trademarks: [Alphaは商標です。]\n"
  "changelog: [{version: 第1.0版, date: 2024-01-10, text: 初版制定}]\n"
  "pages:\n"
  "  - {id: prep, procedure: 事前準備, divider: true, body: [{text: 準備を行います。}]}\n"
  "  - id: prep-a\n"
  "    procedure: 事前準備\n"
  "    body:\n"
  "      - step: {id: s-url, text: URLを押下します。}\n"
  "      - step: {id: s-pass, text: パスワードを設定します。}\n"
  "  - id: prep-b\n"
  "    procedure: 事前準備\n"
  "    body:\n"
  "      - step: {id: s-save, text: 保存します。}\n"
  "  - id: login\n"
  "    procedure: アクティベーション方法\n"
  "    body:\n"
  "      - step: {id: s-login, text: ログインします。}\n"
  "  - id: alpha-1\n"
  "    procedure: API連携\n"
  "    qualifier: ≪A≫\n"
  "    service: alpha\n"
  "    body:\n"
  "      - step: {id: s-a1, text: 追加します。}\n"
  "  - id: alpha-2\n"
  "    procedure: API連携\n"
  "    qualifier: ≪A≫\n"
  "    service: alpha\n"
  "    body:\n"
  "      - step: {id: s-a2, text: 許可します。}\n"
  "  - id: beta-1\n"
  "    procedure: API連携\n"
  "    qualifier: ≪B≫\n"
  "    title: API連携（３） ≪B≫\n"
  "    service: beta\n"
  "    body:\n"
  "      - step: {id: s-b1, text: 追加します。}\n";

static tj_catalog *S_cat;
static tj_manual *S_m;

static int S_load(void) {
  diag d;
  diag_init(&d, stdout, 0, 1);
  S_cat = catalog_load_bytes(&d, S_catalog, sizeof S_catalog - 1, "catalog.yaml");
  if (S_cat) S_m = manual_load_bytes(&d, S_cat, S_manual, sizeof S_manual - 1, "unit.yaml", NULL);
  int errors = d.errors;
  diag_free(&d);
  return S_m && !errors;
}

static int S_page(const char *id) {
  for (int i = 0; i < S_m->npages; i++) if (!strcmp(S_m->pages[i]->id, id)) return i;
  return -1;
}
static int S_step(const char *id) {
  for (int i = 0; i < S_m->nsteps; i++) if (!strcmp(S_m->steps[i]->id, id)) return i;
  return -1;
}

static void t_full_manual(void) {
  tj_view v;
  view_init(&v, S_m, NULL);
  /* P1 cover, P2 change log, then the pages, then the trademarks */
  EQ_INT(v.pno[S_page("prep")], 3);
  EQ_INT(v.pno[S_page("prep-a")], 4);
  EQ_INT(v.pno[S_page("prep-b")], 5);
  EQ_INT(v.pno[S_page("login")], 6);
  EQ_INT(v.pno[S_page("alpha-1")], 7);
  EQ_INT(v.pno[S_page("alpha-2")], 8);
  EQ_INT(v.pno[S_page("beta-1")], 9);
  EQ_INT(v.trademark_page, 10);
  EQ_INT(v.npages, 10);
  /* counters: a procedure over two pages or more, its divider page not counted */
  EQ_INT(v.counter[S_page("prep")], 0);
  EQ_INT(v.counter[S_page("prep-a")], 1);
  EQ_INT(v.counter[S_page("prep-b")], 2);
  EQ_INT(v.counter[S_page("login")], 0);
  EQ_INT(v.counter[S_page("alpha-1")], 1);
  EQ_INT(v.counter[S_page("beta-1")], 3);
  /* steps: numbered through pages of one procedure and qualifier, from ① again after */
  EQ_INT(v.sno[S_step("s-url")], 1);
  EQ_INT(v.sno[S_step("s-pass")], 2);
  EQ_INT(v.sno[S_step("s-save")], 3);
  EQ_INT(v.sno[S_step("s-login")], 1);
  EQ_INT(v.sno[S_step("s-a1")], 1);
  EQ_INT(v.sno[S_step("s-a2")], 2);
  EQ_INT(v.sno[S_step("s-b1")], 1);
  EQ_INT(v.nsteps, 7);
  EQ_STR(v.title[S_page("prep")], "事前準備");
  EQ_STR(v.title[S_page("prep-b")], "事前準備（２）");
  EQ_STR(v.title[S_page("login")], "アクティベーション方法");
  EQ_STR(v.title[S_page("alpha-2")], "API連携（２） ≪A≫");
  EQ_STR(v.title[S_page("beta-1")], "API連携（３） ≪B≫");   /* the printed title */
  view_free(&v);
}

static void t_service_views(void) {
  tj_view v;
  view_init(&v, S_m, "alpha");
  EQ_INT(v.pno[S_page("login")], 6);
  EQ_INT(v.pno[S_page("alpha-2")], 8);
  EQ_INT(v.pno[S_page("beta-1")], 0);   /* not in this view */
  EQ_INT(v.trademark_page, 9);
  EQ_INT(v.npages, 9);
  EQ_INT(v.counter[S_page("alpha-2")], 2);
  EQ_INT(v.sno[S_step("s-b1")], 0);
  EQ_INT(v.nsteps, 6);
  EQ_STR(v.title[S_page("beta-1")], NULL);
  view_free(&v);
  view_init(&v, S_m, "beta");
  EQ_INT(v.pno[S_page("alpha-1")], 0);
  EQ_INT(v.pno[S_page("beta-1")], 7);
  EQ_INT(v.trademark_page, 8);
  /* alone in its run here: no counter, and the printed 「（３）」 gives way to the computed title */
  EQ_INT(v.counter[S_page("beta-1")], 0);
  EQ_STR(v.title[S_page("beta-1")], "API連携 ≪B≫");
  EQ_INT(v.sno[S_step("s-b1")], 1);
  buf t; buf_init(&t);
  view_computed_title(&v, S_page("prep-a"), &t);
  EQ_STR(buf_cstr(&t), "事前準備（１）");
  buf_free(&t);
  view_free(&v);
}

int main(void) {
  RUN(t_marks);
  RUN(t_marks_round_trip);
  RUN(t_fullwidth);
  if (!S_load()) { printf("FAIL view: the manual of tests/unit/view.c does not load\n"); return 1; }
  RUN(t_full_manual);
  RUN(t_service_views);
  manual_free(S_m);
  catalog_free(S_cat);
  return UNIT_END();
}

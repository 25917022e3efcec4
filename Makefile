# tejun: `make` builds the compiler and every manual into out/; `make test` runs the tests.
CC      ?= cc
PKGS    := yaml-0.1 libxml-2.0 libxslt libcmark cairo pangocairo fontconfig
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wwrite-strings -Wmissing-prototypes -Wstrict-prototypes -Wundef
CPPFLAGS += -D_DEFAULT_SOURCE
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

SRCS := $(wildcard gen/*.c)
LIB_SRCS := $(filter-out gen/main.c,$(SRCS))
OBJS := $(SRCS:gen/%.c=build/obj/%.o)
TEMPLATES := $(wildcard templates/*.xsl)
MANUALS := $(filter-out manuals/shared/%,$(wildcard manuals/*.yaml))
IDS := $(MANUALS:manuals/%.yaml=%)
OUT ?= out
STAMPS := $(IDS:%=$(OUT)/.tejun/%.stamp)

.PHONY: all clean test golden bench check-asan check-valgrind unit
all: tejun $(OUT)/manifest.json

tejun: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS)

build/obj/%.o: gen/%.c $(wildcard gen/*.h) | build/obj
	$(CC) $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

build/obj:
	mkdir -p $@

# One stamp per manual; the depfile names its included shared pages and the catalog,
# so a change to any of them (or to a template or the program) rebuilds it, and only it.
$(OUT)/.tejun/%.stamp: manuals/%.yaml tejun $(TEMPLATES)
	./tejun build -q --no-manifest -o $(OUT) --depfile $(OUT)/.tejun/$*.d --deptarget $@ $<
	@touch $@

$(OUT)/manifest.json: $(STAMPS)
	./tejun manifest -o $(OUT)

-include $(wildcard $(OUT)/.tejun/*.d)

# out/diffs/: each manual that has two releases or more, diffed between the release before
# its current version and the current manual (HTML redline and Markdown).
RELEASED := $(foreach m,$(IDS),$(if $(word 2,$(wildcard manuals/releases/$(m)@*.xml)),$(m)))
DIFF_STAMPS := $(RELEASED:%=$(OUT)/diffs/.%.stamp)
all: $(DIFF_STAMPS)
$(OUT)/diffs/.%.stamp: $(OUT)/.tejun/%.stamp $(wildcard manuals/releases/*.xml) templates/diff-html.xsl
	./tejun diff -o $(OUT)/diffs $*@previous manuals/$*.yaml
	@touch $@

# out/checklists/: the printable checklists (PDF + HTML) of every service, in one run, and of
# each example customer in manuals/customers/, one run each (a changed profile remakes only its
# own). The manuals come first on the command lines: tests/run reads make's output by line ends.
CUSTOMERS := $(wildcard manuals/customers/*.yaml)
CHECKLIST_STAMPS := $(OUT)/checklists/.services.stamp $(CUSTOMERS:manuals/customers/%.yaml=$(OUT)/checklists/customers/.%.stamp)
CHECKLIST_DEPS := $(MANUALS) $(wildcard manuals/shared/*.yaml) tejun $(TEMPLATES)
all: $(CHECKLIST_STAMPS)
$(OUT)/checklists/.services.stamp: $(CHECKLIST_DEPS)
	./tejun checklist $(MANUALS) -o $(OUT)
	@touch $@
$(OUT)/checklists/customers/.%.stamp: manuals/customers/%.yaml $(CHECKLIST_DEPS)
	./tejun checklist $(MANUALS) -o $(OUT) --customer $<
	@touch $@

# out/index.html: the landing page, after the manuals, diffs and checklists it links (it links
# only what is on disk), and before the manifest, which lists it.
SITE_DEPS := $(STAMPS) $(DIFF_STAMPS) $(CHECKLIST_STAMPS) $(wildcard manuals/releases/*.xml) $(CUSTOMERS) tejun $(TEMPLATES)
all: $(OUT)/index.html
$(OUT)/index.html: $(SITE_DEPS)
	./tejun site --no-manifest -o $(OUT) $(MANUALS) $(CUSTOMERS:%=--customer %)
$(OUT)/manifest.json: $(OUT)/index.html

test: tejun
	tests/run

golden: tejun
	tests/run --update-golden

# Unit tests of gen/'s modules: one program per tests/unit/NAME.c (tests/unit/unit.h), linked
# with every object but main's. tests/run's unit area builds and runs them (`make unit` runs
# that area alone); check-asan builds them with ASan + UBSan into build/asan/unit.
UNIT_SRCS := $(wildcard tests/unit/*.c)
LIB_OBJS := $(LIB_SRCS:gen/%.c=build/obj/%.o)
build/unit/%: tests/unit/%.c tests/unit/unit.h $(LIB_OBJS) | build/unit
	$(CC) $(WARN) $(CPPFLAGS) -Igen $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LIB_OBJS) $(PKG_LIBS)
build/unit:
	mkdir -p $@
unit:
	tests/run unit

clean:
	rm -rf build tejun $(OUT)

# Speed against cmark and pandoc on a synthetic corpus (not a test: it asserts nothing).
bench: tejun
	tests/bench/bench.sh $(BENCH_N)
	tests/bench/checklists.sh

# The whole quick suite with ASan + UBSan (no recovery, leak detection on).
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_OBJS := $(SRCS:gen/%.c=build/asan/%.o)
build/asan/%.o: gen/%.c $(wildcard gen/*.h) | build/asan
	$(CC) $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) $(ASAN_FLAGS) -c -o $@ $<
build/asan:
	mkdir -p $@
build/asan/tejun: $(ASAN_OBJS)
	$(CC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJS) $(PKG_LIBS)
LIB_ASAN_OBJS := $(LIB_SRCS:gen/%.c=build/asan/%.o)
build/asan/unit/%: tests/unit/%.c tests/unit/unit.h $(LIB_ASAN_OBJS) | build/asan/unit
	$(CC) $(WARN) $(CPPFLAGS) -Igen $(PKG_CFLAGS) $(ASAN_FLAGS) -o $@ $< $(LIB_ASAN_OBJS) $(PKG_LIBS)
build/asan/unit:
	mkdir -p $@
check-asan: build/asan/tejun $(UNIT_SRCS:tests/unit/%.c=build/asan/unit/%)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/checklist/lsan.supp:print_suppressions=0 \
	  TEJUN=build/asan/tejun TEJUN_UNIT_DIR=build/asan/unit tests/run --quick

# The whole quick suite under valgrind memcheck.
check-valgrind: tejun
	HOSTILE_LIGHT=1 TEJUN="valgrind -q --error-exitcode=87 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --suppressions=tests/checklist/valgrind.supp ./tejun" tests/run --quick

# libFuzzer targets (tests/fuzz/fuzz.c): `make fuzz FUZZ_SECONDS=N` runs each for N seconds
# on its saved corpus (tests/fuzz/corpus/) plus seeds, then replays tests/fuzz/regress/.
FUZZ_TARGETS := manual pipeline customer snapshot diff grow
FUZZ_SECONDS ?= 60
FUZZ_CC := clang
# The budgets of the checks that stop early (a note says so), and the size of diff's exact LCS
# table, are 1/10 to 1/50 in the fuzz build: there, under ASan and coverage, spending one takes
# 30 to 50 times longer, and an input has 1 s.
FUZZ_BUDGETS := -DUTIL_NEAR_BUDGET=400000L -DNEAR_BUDGET=40000L -DNEAR_CHARS=2000000L -DDIFF_MAX_CELLS=2000000L -DLCS_MAX_CELLS=400000u
FUZZ_FLAGS := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer $(FUZZ_BUDGETS)
FUZZ_OBJS := $(LIB_SRCS:gen/%.c=build/fuzz/obj/%.o)
build/fuzz/obj/%.o: gen/%.c $(wildcard gen/*.h) | build/fuzz/obj
	$(FUZZ_CC) $(WARN) -Wno-unused-command-line-argument $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
build/fuzz/obj:
	mkdir -p $@
build/fuzz/fuzz-%: tests/fuzz/fuzz.c tests/fuzz/grow.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -DFUZZ_$(shell echo $* | tr a-z A-Z) -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS)
fuzz-build: $(FUZZ_TARGETS:%=build/fuzz/fuzz-%)
fuzz: fuzz-build
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
.PHONY: fuzz fuzz-build analyze format format-check

# GCC's static analyzer over gen/: any finding fails.
analyze:
	@for f in $(SRCS); do $(CC) $(WARN) -fanalyzer $(CPPFLAGS) $(PKG_CFLAGS) -c -o /dev/null $$f || exit 1; done; echo "analyze: gen/ is clean under -fanalyzer"

.PRECIOUS: build/fuzz/obj/%.o build/asan/%.o

# The layout of gen/ (gen/.clang-format, clang-format 14): `make format` rewrites FILES (default:
# every file of gen/), `make format-check` lists those it would change and fails if any.
FORMAT_FILES ?= $(wildcard gen/*.c gen/*.h)
format:
	clang-format -i --style=file $(FORMAT_FILES)
format-check:
	@bad=; for f in $(FORMAT_FILES); do clang-format --style=file $$f | cmp -s - $$f || bad="$$bad $$f"; done; \
	if [ -n "$$bad" ]; then echo "format-check: not in the layout of gen/.clang-format:$$bad"; exit 1; fi; echo "format-check: gen/ is in layout"

# tejun: `make` builds the compiler and every manual into out/; `make test` runs the tests.
CC      ?= cc
PKGS    := yaml-0.1 libxml-2.0 libxslt libexslt libcmark
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

.PHONY: all clean test golden bench check-asan check-valgrind
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

test: tejun
	tests/run

golden: tejun
	tests/run --update-golden

clean:
	rm -rf build tejun $(OUT)

# Vega - build, test, run. GNU Make + pkg-config. See README.md.
#
#   make            build build/vega (says to run `make deps` when libraries are missing)
#   make run        install the build deps, build, migrate and serve in dev mode on 127.0.0.1:8000
#   make test       install the build and test deps, build, run every suite (lint, C units,
#                   rule examples, reports, API tests)
#   make asan       the same suites against an ASan+UBSan build (build-asan/)
#   make bench      install the bench tools, run the benchmarks (bench/)
#   make fuzz       libFuzzer targets for a short run (fuzz/)
#   make deb        build/deb/vega_VERSION_ARCH.deb (systemd units, /etc/vega/vega.env);
#                   make test-deb installs it and checks it (root: dpkg -i)
#   make soak       the soak and fault run (bench/soak.py; not part of make test)
#   make deps       install the missing Debian packages needed to build (apt-get; sudo when
#                   not root); scripts/deps.sh build|test|bench for each group

BUILD    ?= build
V        ?= 0
Q        := $(if $(filter 1,$(V)),,@)
CC       ?= cc
PKGS     := libmicrohttpd jansson sqlite3 libpq libarchive libhs libpcre2-8 libsodium \
            libgit2 libcurl yaml-0.1 openssl tree-sitter cairo pangocairo md4c libxxhash
PYTHON   := /usr/bin/python3

WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wcast-qual \
            -Wwrite-strings -Wformat=2 -Wvla -Wimplicit-fallthrough -Wundef -Werror
OPT      ?= -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
SAN      ?=
CPPFLAGS += -D_GNU_SOURCE -Isrc -I$(BUILD)/gen
CFLAGS   += $(WARN) $(OPT) $(SAN) -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS   += $(PKG_LIBS) -lpthread -lm
# Stricter warnings for the engine and the utilities (C-STYLE.md).
CONV_DIRS := src/scan src/deps src/util

LIB_SRCS := $(sort $(wildcard src/*/*.c))
GEN_SRCS := $(BUILD)/gen/rules_embed.c $(BUILD)/gen/web_assets.c
# tree-sitter grammars (src/code/): npm packages pinned by grammars/package-lock.json, fetched
# with `npm ci --ignore-scripts` and compiled here; their sources are never committed.
GRAMMAR_NM   := grammars/node_modules
GRAMMAR_SRCS := $(addprefix $(GRAMMAR_NM)/,tree-sitter-javascript/src/parser.c \
                tree-sitter-javascript/src/scanner.c tree-sitter-python/src/parser.c \
                tree-sitter-python/src/scanner.c tree-sitter-typescript/typescript/src/parser.c \
                tree-sitter-typescript/typescript/src/scanner.c \
                tree-sitter-typescript/tsx/src/parser.c tree-sitter-typescript/tsx/src/scanner.c)
GRAMMAR_OBJS := $(GRAMMAR_SRCS:$(GRAMMAR_NM)/%.c=$(BUILD)/grammars/%.o)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(GEN_SRCS:%.c=%.o) $(GRAMMAR_OBJS)
MAIN_OBJ := $(BUILD)/src/main.o
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
EMBED_FILES := $(shell find rules -name "*.yaml" 2>/dev/null | sort) $(sort $(wildcard migrations/*.sql)) docs/openapi.json

.PHONY: all run test test-unit test-rules test-demo test-cache test-api test-browser asan bench fuzz deps deps-test \
        deps-bench clean lint format check-format migrate check-libs deb test-deb soak
all: $(BUILD)/vega

# A fresh machine without the -dev packages: say what to run instead of failing on the
# first missing header.
check-libs:
	@missing=""; \
	if ! command -v pkg-config >/dev/null 2>&1; then \
	    missing=" pkg-config (and the libraries it finds)"; \
	elif ! pkg-config --exists $(PKGS) 2>/dev/null; then \
	    for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; done; \
	fi; \
	command -v npm >/dev/null 2>&1 || test -f $(GRAMMAR_NM)/.vega-stamp || \
	    missing="$$missing npm (it fetches the tree-sitter grammars)"; \
	if [ -n "$$missing" ]; then \
	    echo "vega: missing to build:$$missing" >&2; \
	    echo "vega: run 'make deps' to install them (apt-get), then 'make' again." >&2; \
	    exit 1; \
	fi

$(LIB_OBJS) $(MAIN_OBJ): | check-libs

$(BUILD)/vega: $(LIB_OBJS) $(MAIN_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(if $(filter $(CONV_DIRS),$(patsubst %/,%,$(dir $<))),-Wconversion) -c -o $@ $<

$(GRAMMAR_NM)/.vega-stamp: grammars/package.json grammars/package-lock.json | check-libs
	@echo "  NPM     grammars (npm ci --ignore-scripts)"
	$(Q)cd grammars && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(Q)touch $@
$(GRAMMAR_SRCS): $(GRAMMAR_NM)/.vega-stamp
	@test -f $@ || { echo "missing $@ after npm ci"; exit 1; }
$(BUILD)/grammars/%.o: $(GRAMMAR_NM)/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) -std=c11 -O2 -g0 -w $(SAN) -I$(dir $<) -c -o $@ $<

# The web dashboard and /docs (web/): npm packages pinned by web/package-lock.json, fetched
# with `npm ci --ignore-scripts`; web/build.mjs bundles, hashes and precompresses them into
# $(BUILD)/web and writes the table that embeds them (src/web/assets.h). Never committed.
WEB_NM   := web/node_modules
WEB_SRCS := $(sort $(wildcard web/src/*.ts web/src/*.tsx web/src/*.css web/src/*.svg \
                            web/src/*/*.ts web/src/*/*.tsx web/src/*/*.css))
$(WEB_NM)/.vega-stamp: web/package.json web/package-lock.json | check-libs
	@echo "  NPM     web (npm ci --ignore-scripts)"
	$(Q)cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(Q)touch $@
$(BUILD)/gen/web_assets.c: $(WEB_NM)/.vega-stamp web/build.mjs $(WEB_SRCS)
	@mkdir -p $(dir $@)
	@echo "  WEB     $(BUILD)/web"
	$(Q)node web/build.mjs $(abspath $(BUILD)/web) $(abspath $@)
$(BUILD)/gen/web_assets.o: $(BUILD)/gen/web_assets.c
	$(Q)$(CC) $(CPPFLAGS) $(OPT) $(SAN) -c -o $@ $<

# Rules and migrations are embedded in the binary as byte arrays (scripts/embed.c).
$(BUILD)/embed: scripts/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<
$(BUILD)/gen/rules_embed.c: $(BUILD)/embed $(EMBED_FILES) $(sort $(dir $(EMBED_FILES))) Makefile
	@mkdir -p $(dir $@)
	$(BUILD)/embed $@ $(EMBED_FILES)
$(BUILD)/gen/rules_embed.o: $(BUILD)/gen/rules_embed.c
	$(CC) $(CPPFLAGS) $(OPT) $(SAN) -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -Wno-missing-prototypes -o $@ $< $(LIB_OBJS) \
	    $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

# The dashboard benchmark's data seeder and lifecycle timer (bench/dashboard.py).
$(BUILD)/bench/dashboard_seed: bench/dashboard_seed.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LDLIBS)

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh build test

deps-bench:
	@scripts/deps.sh build bench

# The SARIF validator the report tests run (pinned by tests/sarif/package-lock.json).
SARIF_TOOL := tests/sarif/node_modules/.package-lock.json
$(SARIF_TOOL): tests/sarif/package-lock.json tests/sarif/package.json
	cd tests/sarif && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/vega serve --dev --retain-uploads --audit-window-seconds 86400

migrate: all
	$(BUILD)/vega migrate

test: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@$(MAKE) --no-print-directory lint test-unit test-rules test-demo test-api test-browser

# The units that load the embedded pack read its compiled databases from the cache that
# test-cache fills (testlib.h, test_engine_cache): one compile per build, not one per binary.
test-unit: $(UNIT_BINS) test-cache
	@VEGA_TEST_ENGINE_CACHE=$(abspath $(BUILD))/test-engine-cache scripts/run-units.sh $(UNIT_BINS)

test-rules: $(BUILD)/vega
	$(BUILD)/vega rules test

# One cold compile of the rule database into the suites' shared cache (tests/enginecache.py)
# before they start, so no test's timeout pays for it (it takes minutes under ASan).
test-cache: $(BUILD)/vega
	@mkdir -p $(BUILD)/test-engine-cache
	@VEGA_CACHE_DIR=$(abspath $(BUILD))/test-engine-cache $(BUILD)/vega scan -q --no-progress \
	    --fail-on never tests/scan/cases >/dev/null

test-demo: $(BUILD)/vega $(SARIF_TOOL) test-cache
	VEGA_BIN=$(abspath $(BUILD)/vega) $(PYTHON) -m pytest -q -p no:cacheprovider tests/scan

# Two pytest workers (pytest-xdist), each module on one worker with its own servers: most of
# a module's time is spent waiting on its server, so two run side by side on two cores.
API_JOBS ?= 2
test-api: $(BUILD)/vega test-cache
	VEGA_BIN=$(abspath $(BUILD)/vega) $(PYTHON) -m pytest -q -p no:cacheprovider \
	    -n $(API_JOBS) --dist loadscope --durations=15 tests/api

# The dashboard in a real browser (tests/browser): playwright-core and axe-core pinned by
# tests/browser/package-lock.json drive Debian's chromium; screenshots of every step land in
# $(BUILD)/test-artifacts/browser. The test files (one server and one browser each) run two at a time.
# The servers share test-cache's compiled rules: two cold compiles side by side on a loaded
# machine kept a scan past the git-push test's 120 s wait.
BROWSER_NM := tests/browser/node_modules/.vega-stamp
$(BROWSER_NM): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

test-browser: $(BUILD)/vega $(BROWSER_NM) test-cache
	VEGA_BIN=$(abspath $(BUILD)/vega) VEGA_TEST_ARTIFACTS=$(abspath $(BUILD))/test-artifacts/browser \
	    VEGA_ENGINE_CACHE=$(abspath $(BUILD))/test-engine-cache \
	    node --test --test-reporter=spec --test-concurrency=2 tests/browser/

asan: deps-test
	@LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp) \
	    $(MAKE) --no-print-directory BUILD=build-asan CC=clang \
	    OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    all test-unit test-rules test-demo test-api

bench: deps-bench
	@$(MAKE) --no-print-directory all $(BUILD)/bench/dashboard_seed $(BROWSER_NM)
	@bench/run.sh $(BUILD)/vega

fuzz: deps-test
	@fuzz/run.sh

deb: all
	@scripts/build-deb.sh $(BUILD)/vega $(BUILD)/deb

test-deb: deb
	@tests/packaging/test-deb.sh $$(ls -t $(BUILD)/deb/vega_*.deb | head -n 1)

# Two serve + three workers on PostgreSQL and s3rver under faults (SOAK_SECONDS, default 600).
soak: deps-test
	@$(MAKE) --no-print-directory all
	$(PYTHON) bench/soak.py $(abspath $(BUILD)/vega)

lint:
	@scripts/lint.sh

format:
	clang-format -i $$(find src tests/unit fuzz -name '*.[ch]')

check-format:
	clang-format --dry-run --Werror $$(find src tests/unit fuzz -name '*.[ch]')

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

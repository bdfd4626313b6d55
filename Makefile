# Galley's build. `make` builds build/galley from build/libgalley.a;
# `make demo` and `make test` install missing Debian packages first (see README).

BUILD   ?= build
SAN_BUILD = build-san
# `make install`: PREFIX (default /usr/local) is where the files go and where the installed
# library looks for its data (PREFIX/share/galley); DESTDIR stages the tree elsewhere. The
# source tree's builds look for their data in the tree itself (DATADIR).
PREFIX  ?= /usr/local
DESTDIR ?=
DATADIR ?= $(CURDIR)
VERSION  = 0.2.0
SOVERSION = 0
INSTALL_BUILD = build/install
PKGS    = cairo cairo-pdf cairo-png cairo-svg cairo-ft pangocairo pangoft2 harfbuzz fontconfig jansson libjpeg libpng libqpdf zlib gnutls lcms2 libxml-2.0
OPT     ?= -O2 -g
XCFLAGS ?=
# Position-independent (the objects make libgalley.so too) with hidden symbols: the shared
# library exports galley.h's functions alone (GALLEY_API, render/include/libgalley.map).
CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror $(OPT) $(XCFLAGS) \
          -fPIC -fvisibility=hidden -DGALLEY_BUILDING -ffile-prefix-map=$(CURDIR)=. \
          $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -DGALLEY_DATADIR='"$(DATADIR)"'
# The one C++ file (render/output/pdf_colour.cc, libqpdf's C++ API): the same warnings,
# optimisation, extra flags (sanitizers) and include paths by stage as C.
CXXFLAGS = -std=c++17 -Wall -Wextra -Werror $(OPT) $(XCFLAGS) -fPIC -fvisibility=hidden \
          -ffile-prefix-map=$(CURDIR)=. \
          $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# The first libraries the dynamic linker searches for every symbol are the executable's own
# NEEDED ones, in order: libm and libc (which most symbols resolve to), then libstdc++ (libqpdf's
# C++ symbols), instead of after 30 others. libqpdf itself is linked statically (Debian's
# libqpdf-dev ships libqpdf.a; its .pc leaves out gnutls and libstdc++, named here): its 2,895
# symbol relocations are then resolved once when linking, not at every start (the sample page
# 57.1 -> 54.7 ms, median of 81 runs side by side). Every PDF is byte-identical.
LDFIRST = -Wl,--push-state,--no-as-needed -lm -lc -lstdc++ -Wl,--pop-state
QPDF_LIBS = -Wl,-Bstatic -lqpdf -Wl,-Bdynamic -lgnutls -lstdc++
LDLIBS  = $(LDFIRST) $(QPDF_LIBS) $(shell pkg-config --libs $(filter-out libqpdf,$(PKGS)) 2>/dev/null) \
          -lhyphen -lm

# Sanitizer settings for `make test`: leaks are errors, except fontconfig's own.
export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

# Debian's hyphenation patterns for the Latin-script languages Galley has no module for: an
# article in one is hyphenated by its own (render/resources/hyphen_dicts.c; docs/hyphenation.md).
HYPHEN_DEBS = hyphen-af hyphen-ca hyphen-cs hyphen-da hyphen-gl hyphen-hr hyphen-hu hyphen-id \
       hyphen-is hyphen-lt hyphen-lv hyphen-nl hyphen-pl hyphen-pt-br hyphen-pt-pt hyphen-ro \
       hyphen-sk hyphen-sl hyphen-zu

# The Debian 12 packages Galley builds, runs and tests with.
DEBS = build-essential pkg-config libcairo2-dev libpango1.0-dev libharfbuzz-dev \
       libfontconfig-dev libjansson-dev libhyphen-dev hyphen-en-us hyphen-de hyphen-fr hyphen-es \
       hyphen-it hyphen-no hyphen-sv $(HYPHEN_DEBS) libjpeg62-turbo-dev \
       libcmocka-dev zlib1g-dev libpng-dev libgnutls28-dev fonts-noto-core fonts-nanum fonts-nanum-extra fonts-unfonts-core fonts-noto-cjk poppler-utils qpdf \
       pango1.0-tools python3 python3-fitz libqpdf-dev colord-data \
       liblcms2-dev libgs-common ghostscript mupdf-tools libxml2-dev libunistring-dev groff-base \
       libmicrohttpd-dev parallel

# The stages, in the order data flows (README, "Source layout"). A stage's files are
# compiled with the include paths of the stages before it and its own, and no later one's,
# so an include that runs back up the pipeline fails to compile; tests/includes.py checks
# the same of includes and of the functions each object calls.
STAGES  = base resources model typeset compose output api cli
INC_include   = -Irender/include
INC_base      = $(INC_include) -Irender/base
INC_resources = $(INC_base) -Irender/resources -Irender/resources/photo
INC_model     = $(INC_resources) -Irender/model
INC_typeset   = $(INC_model) -Irender/typeset -Irender/typeset/lang
INC_compose   = $(INC_typeset) -Irender/compose
INC_output    = $(INC_compose) -Irender/output
INC_api       = $(INC_output) -Irender/api
INC_cli       = $(INC_api) -Irender/cli
INC_ALL = $(INC_cli)
HEADERS = $(wildcard render/*/*.h render/*/*/*.h)
# The command's own files (render/cli/: not libgalley's).
CLI_SRC = $(wildcard render/cli/*.c)
CLI_OBJ = $(CLI_SRC:render/%.c=$(BUILD)/obj/%.o)
LIB_SRC = $(filter-out $(CLI_SRC),$(wildcard render/*/*.c render/*/*/*.c))
LIB_CXX = $(wildcard render/*/*.cc render/*/*/*.cc)
LIB_OBJ = $(LIB_SRC:render/%.c=$(BUILD)/obj/%.o) $(LIB_CXX:render/%.cc=$(BUILD)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SAMPLES = $(patsubst samples/%/article.json,%,$(wildcard samples/*/article.json))

.PHONY: all deps demo test unit integration bad bench update-refs valgrind valgrind-batch fuzz fuzz-ci \
        fuzz-build clean format print-fonts shared install uninstall install-check
all: $(BUILD)/galley print-fonts

$(BUILD)/obj/%.o: render/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(INC_$(firstword $(subst /, ,$*))) -c $< -o $@

$(BUILD)/obj/%.o: render/%.cc $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	@$(CXX) $(CXXFLAGS) $(INC_$(firstword $(subst /, ,$*))) -c $< -o $@

$(BUILD)/libgalley.a: $(LIB_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@$(AR) rcs $@ $^

# The command alone serves HTTP (galley serve): the library does not link libmicrohttpd.
CLI_LIBS = $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
$(BUILD)/galley: $(CLI_OBJ) $(BUILD)/libgalley.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) $(CLI_LIBS)

# The shared library: its soname libgalley.so.SOVERSION, linked to every library it uses
# (libqpdf's shared one: Debian's archive of it is not position-independent).
SO_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhyphen -lstdc++ -lm -pthread
$(BUILD)/libgalley.so.$(VERSION): $(LIB_OBJ) render/include/libgalley.map
	@echo "  LD      $@"
	@$(CC) -shared -Wl,-soname,libgalley.so.$(SOVERSION) -Wl,--no-undefined \
	  -Wl,--version-script=render/include/libgalley.map -o $@ $(LIB_OBJ) $(SO_LIBS)
shared: $(BUILD)/libgalley.so.$(VERSION)

# pkg-config's file: pkg-config --cflags --libs galley for the shared library, --static for
# the archive (its Requires.private and Libs.private).
PC_REQUIRES = $(filter-out cairo-svg,$(PKGS))
$(BUILD)/galley.pc: render/include/galley.pc.in Makefile
	@mkdir -p $(dir $@)
	@sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@REQUIRES@|$(PC_REQUIRES)|' $< > $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libgalley.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC_ALL) -o $@ $< $(BUILD)/libgalley.a $(LDLIBS) -lcmocka

$(BUILD)/pngdiff: tests/pngdiff.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

# Galley's fonts (fonts/print_fonts.c): fonts/print/ holds a copy without hinting of every
# TrueType font fonts/system.conf selects, and a link to every other. Kept while the system's
# font is unchanged.
PRINT_FONTS = fonts/print
$(BUILD)/galley-print-fonts: fonts/print_fonts.c
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $< $(shell pkg-config --cflags --libs harfbuzz-subset fontconfig)

print-fonts: $(BUILD)/galley-print-fonts
	@$(BUILD)/galley-print-fonts fonts

$(BUILD)/galley-bench: bench/galley-bench.c $(BUILD)/libgalley.a
	$(CC) $(CFLAGS) $(INC_ALL) -o $@ $< $(BUILD)/libgalley.a $(LDLIBS)

# Installs Galley under DESTDIR/PREFIX (README, "Installing"): the command, the shared library
# (libgalley.so.VERSION, its soname link libgalley.so.SOVERSION and libgalley.so) and the
# archive, the header, pkg-config's file, the man page and the data (layouts, the fonts'
# configuration and their print copies, hyphenation exceptions). Built anew in INSTALL_BUILD
# with the data folder PREFIX/share/galley compiled in (GALLEY_DATADIR overrides it at run
# time). Needs no checkout afterwards.
INSTALL_FILES = bin/galley lib/libgalley.so.$(VERSION) lib/libgalley.so.$(SOVERSION) \
  lib/libgalley.so lib/libgalley.a include/galley/galley.h lib/pkgconfig/galley.pc \
  share/man/man1/galley.1
install:
	@$(MAKE) --no-print-directory BUILD=$(INSTALL_BUILD) DATADIR=$(PREFIX)/share/galley \
	  $(INSTALL_BUILD)/galley $(INSTALL_BUILD)/libgalley.so.$(VERSION) $(INSTALL_BUILD)/galley.pc \
	  print-fonts
	@D="$(DESTDIR)$(PREFIX)"; set -e; \
	install -d "$$D/bin" "$$D/lib/pkgconfig" "$$D/include/galley" "$$D/share/man/man1" \
	  "$$D/share/galley/layouts" "$$D/share/galley/fonts/print" "$$D/share/galley/hyphenation" \
	  "$$D/share/galley/serve"; \
	install -m 755 $(INSTALL_BUILD)/galley "$$D/bin/galley"; \
	install -m 644 $(INSTALL_BUILD)/libgalley.so.$(VERSION) "$$D/lib/"; \
	ln -sf libgalley.so.$(VERSION) "$$D/lib/libgalley.so.$(SOVERSION)"; \
	ln -sf libgalley.so.$(SOVERSION) "$$D/lib/libgalley.so"; \
	install -m 644 $(INSTALL_BUILD)/libgalley.a "$$D/lib/"; \
	install -m 644 render/include/galley.h "$$D/include/galley/"; \
	install -m 644 $(INSTALL_BUILD)/galley.pc "$$D/lib/pkgconfig/"; \
	install -m 644 docs/galley.1 "$$D/share/man/man1/"; \
	install -m 644 layouts/*.json "$$D/share/galley/layouts/"; \
	install -m 644 fonts/fonts.conf fonts/system.conf "$$D/share/galley/fonts/"; \
	rm -rf "$$D/share/galley/fonts/print"; cp -RP $(PRINT_FONTS) "$$D/share/galley/fonts/print"; \
	install -m 644 hyphenation/* "$$D/share/galley/hyphenation/"; \
	install -m 644 serve/index.html serve/app.js serve/style.css serve/favicon.svg "$$D/share/galley/serve/"; \
	echo "installed Galley $(VERSION) in $$D"

uninstall:
	@D="$(DESTDIR)$(PREFIX)"; for f in $(INSTALL_FILES); do rm -f "$$D/$$f"; done; \
	rm -rf "$$D/share/galley"; rmdir "$$D/include/galley" 2>/dev/null; \
	echo "removed Galley from $$D"

# The install check (tests/install.py): make install into a temporary DESTDIR, then the
# installed command with the checkout's data out of reach, and an example program built
# with pkg-config, shared and static (make test runs it).
install-check:
	@python3 tests/install.py

# Installs the missing Debian packages: with apt-get as root, else prints the line.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
	else \
	  echo "Galley needs these Debian packages; run:"; \
	  echo "  sudo apt-get install$$missing"; exit 1; \
	fi

# Renders every sample to out/NAME.pdf and out/NAME-N.png: samples/*/article.json, and the
# newsroom formats samples/*/article.ninjs.json and samples/*/article.xml (docs/formats.md).
demo: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	@for s in $(SAMPLES); do \
	  $(BUILD)/galley render samples/$$s/article.json -o out/$$s.pdf || exit 1; \
	  $(BUILD)/galley render samples/$$s/article.json -o out/$$s.png --dpi 100 || exit 1; \
	  echo "out/$$s.pdf"; \
	done
	@for f in samples/*/article.ninjs.json samples/*/article.xml; do \
	  s=$$(basename $$(dirname $$f)); \
	  $(BUILD)/galley render $$f -o out/$$s.pdf -q || exit 1; \
	  $(BUILD)/galley render $$f -o out/$$s.png --dpi 100 -q || exit 1; \
	  echo "out/$$s.pdf (from $$(basename $$f))"; \
	done
	@for e in samples/*/edition.json; do \
	  n=$$(basename $$(dirname $$e)); \
	  $(BUILD)/galley edition $$e -o out/$$n.pdf --report out/$$n.report.json -q || exit 1; \
	  echo "out/$$n.pdf (edition)"; \
	done

# Builds with AddressSanitizer and UndefinedBehaviorSanitizer and runs every test.
test: deps
	@$(MAKE) --no-print-directory BUILD=$(SAN_BUILD) \
	  XCFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  OPT="-O1 -g" unit integration bad
	@$(MAKE) --no-print-directory install-check

unit: $(UNIT_BIN) print-fonts
	@pass=0; fail=0; for t in $(UNIT_BIN); do \
	  if ./$$t; then pass=$$((pass+1)); else fail=$$((fail+1)); fi; \
	done; echo "unit: $$pass passed, $$fail failed"; [ $$fail = 0 ]

# The browser tests/serve.py drives headless (skipped, with a line saying so, without it).
CHROMIUM_DEBS = chromium
integration: $(BUILD)/galley $(BUILD)/pngdiff $(BUILD)/tests/test_pdf_colour print-fonts
	@python3 tests/includes.py --self-test
	@python3 tests/includes.py --objects $(BUILD)/obj
	@BUILD=$(BUILD) python3 tests/print.py
	@BUILD=$(BUILD) python3 tests/guides.py
	@BUILD=$(BUILD) python3 tests/parallel.py
	@BUILD=$(BUILD) python3 tests/edition.py
	@BUILD=$(BUILD) python3 tests/integration.py
	@BUILD=$(BUILD) python3 tests/preview.py
	@$(MAKE) --no-print-directory deps DEBS="$(CHROMIUM_DEBS)" || \
	  echo "integration: chromium cannot be installed; tests/serve.py skips its browser checks"
	@BUILD=$(BUILD) python3 tests/serve.py
	@BUILD=$(BUILD) python3 tests/links.py
	@BUILD=$(BUILD) python3 tests/makeup.py
	@BUILD=$(BUILD) python3 tests/texture.py
	@BUILD=$(BUILD) /usr/bin/python3 tests/languages.py
	@BUILD=$(BUILD) python3 tests/hyphenation.py
	@BUILD=$(BUILD) /usr/bin/python3 tests/house_fonts.py
	@BUILD=$(BUILD) python3 tests/separations.py
	@BUILD=$(BUILD) python3 tests/pdfx.py
	@BUILD=$(BUILD) python3 tests/formats.py
	@BUILD=$(BUILD) python3 tests/cli.py
	@BUILD=$(BUILD) python3 tests/batch.py

# libFuzzer harnesses (tests/fuzz/): built with clang into FUZZ_BUILD by `make fuzz`, which
# installs FUZZ_DEBS first; `make test` replays tests/fuzz/regressions/ with the same
# harnesses linked to a plain driver instead (gcc is enough).
FUZZ_BUILD = build-fuzz
FUZZ_DEBS = clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60
FUZZERS = article layout render edition photo hyphen import
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_REPLAY = $(FUZZERS:%=$(BUILD)/fuzz/replay_%)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libgalley.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) $(INC_ALL) -o $@ tests/fuzz/replay.c $< $(BUILD)/libgalley.a $(LDLIBS)

# Every input of tests/bad/cases*.json gives its exit code and message and writes nothing;
# every input in tests/fuzz/regressions/ replays cleanly. See tests/bad/run.py. The cases
# with a memory bound also run the plain build (build/) under `ulimit -v`, which the
# sanitizers' shadow memory cannot run under.
bad: $(BUILD)/galley $(FUZZ_REPLAY) print-fonts
	@$(MAKE) --no-print-directory BUILD=build OPT="-O2 -g" XCFLAGS= build/galley
	@BUILD=$(BUILD) PLAIN_BUILD=build python3 tests/bad/run.py

# Runs each harness for FUZZ_SECONDS (make fuzz FUZZ_SECONDS=600); findings go to
# $(FUZZ_BUILD)/crashes/. fuzz-ci: 60 s each, about 5 minutes with the build.
fuzz:
	@$(MAKE) --no-print-directory deps DEBS="$(DEBS) $(FUZZ_DEBS)"
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CXX=clang++ OPT="-O1 -g" \
	  XCFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link -Wno-error" fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) python3 tests/fuzz/run.py $(FUZZ_SECONDS)

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

fuzz-build: $(FUZZERS:%=$(BUILD)/fuzz_%)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libgalley.a
	@echo "  FUZZ    $@"
	@$(CC) $(CFLAGS) -fsanitize=fuzzer -fsanitize-link-c++-runtime $(INC_ALL) -o $@ $< \
	  $(BUILD)/libgalley.a $(LDLIBS)

# Writes the reference PNGs the tests compare against (after an intended change).
update-refs: $(BUILD)/galley print-fonts
	@BUILD=$(BUILD) python3 tests/integration.py --update-refs

bench: $(BUILD)/galley $(BUILD)/galley-bench print-fonts
	@$(MAKE) --no-print-directory deps DEBS="$(DEBS) valgrind"
	@BUILD=$(BUILD) sh bench/run

# Prints the texture tables, word spacing (bench/spacing.py) and letter spacing and glyph
# widths (bench/texture.py, PyMuPDF): every sample set with tabloid and a4, and the edition.
.PHONY: spacing
spacing: $(BUILD)/galley print-fonts
	@$(MAKE) --no-print-directory deps
	@BUILD=$(BUILD) sh bench/run spacing

# Renders every sample (a photo drawn as a placeholder, and the sample edition with its drawing
# thread) under valgrind's memcheck; fails
# on any invalid read or write, use of uninitialised memory or definite leak. Installs
# VALGRIND_DEBS first. tests/valgrind.supp holds the libraries' own leaks.
VALGRIND_DEBS = valgrind
VALGRIND = valgrind -q --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --num-callers=40 --error-exitcode=9 \
  --suppressions=tests/valgrind.supp
valgrind: $(BUILD)/galley print-fonts
	@$(MAKE) --no-print-directory deps DEBS="$(DEBS) $(VALGRIND_DEBS)"
	@for s in $(SAMPLES); do \
	  $(VALGRIND) $(BUILD)/galley render samples/$$s/article.json \
	    -o /tmp/galley-valgrind-$$s.pdf || exit 1; echo "valgrind ok: $$s"; \
	done
	@$(VALGRIND) $(BUILD)/galley render tests/bad/photo-missing.json --placeholder -q \
	  -o /tmp/galley-valgrind-placeholder.pdf && echo "valgrind ok: placeholder"
	@$(VALGRIND) $(BUILD)/galley edition samples/edition/edition.json -j 2 -q \
	  -o /tmp/galley-valgrind-edition.pdf && echo "valgrind ok: edition, -j 2"
	@$(MAKE) --no-print-directory valgrind-batch

# A batch of VALGRIND_BATCH_N (200) renders in one process, two worker threads, the sample
# articles repeated (tests/sample_manifest.py writes the manifest): no definite leak and no
# memory error over many renders of the same contexts. Slow (minutes): not run by make test.
VALGRIND_BATCH_N ?= 200
valgrind-batch: $(BUILD)/galley print-fonts
	@rm -rf /tmp/galley-valgrind-batch && mkdir -p /tmp/galley-valgrind-batch
	@python3 tests/sample_manifest.py $(VALGRIND_BATCH_N) /tmp/galley-valgrind-batch/m.jsonl
	@$(VALGRIND) $(BUILD)/galley batch /tmp/galley-valgrind-batch/m.jsonl -j 2 -q --force \
	  --results /tmp/galley-valgrind-batch/results.jsonl && \
	  echo "valgrind ok: batch of $(VALGRIND_BATCH_N) renders, -j 2"

format:
	clang-format -i render/*/*.[ch] render/*/*.cc render/*/*/*.[ch] fonts/*.c tests/unit/*.c tests/*.c bench/*.c

clean:
	rm -rf build build-san build-fuzz out tests/out $(PRINT_FONTS)

# Sets the sample article with Typst and WeasyPrint too (installed on request) and prints
# Galley's time beside theirs: see bench/peers/README.md.
.PHONY: bench-peers
bench-peers: $(BUILD)/galley print-fonts
	@BUILD=$(BUILD) python3 bench/peers/run

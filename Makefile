# Makefile - the kiosk's build. Plain make + pkg-config; see HACKING.md for the map.
#
#   make            build everything into build/ (kiosk, tools, tests)
#   make run        install what is missing, build, start the kiosk in simulator mode in a window
#   make check      install what is missing, build, run every test; last line "N passed, N failed"
#   make check-unit the fast subset (unit tests only)
#   make demo       install, build, play tests/demo/*.script headless: screenshots, receipts and
#                   an index.html contact sheet in build/demo/ (HACKING.md "make demo")
#   make soak       the outbox's long runs: 2,000 process kills, 10,000 power cuts
#   make asan       build with AddressSanitizer+UBSan under build/asan and run the tests there
#   make valgrind   -O0 build under build/valgrind, unit tests run under valgrind
#   make fuzz       libFuzzer harnesses (clang), each run for FUZZ_SECONDS on its seed corpus
#   make bench      figures against a baseline measured in the same run
#   make lint       clang-format check, cppcheck, banned calls, dependency rule, text rules
#
# VARIANT selects the output folder and flags: release (build/), asan, valgrind.
# WERROR=1 (set by CI) turns warnings into errors.

VARIANT ?= release
CC ?= cc
PKGS := sdl2 SDL2_ttf SDL2_image fribidi libpcsclite libusb-1.0 sqlite3 libcurl inih jansson \
	libqrencode libcrypto libpng
SIM_PKGS := libmicrohttpd gnutls

ifeq ($(VARIANT),release)
B := $(or $(BUILD),build)
OPT := -O2 -g
else ifeq ($(VARIANT),asan)
B := $(or $(BUILD),build/asan)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else ifeq ($(VARIANT),valgrind)
B := $(or $(BUILD),build/valgrind)
OPT := -O0 -g
else
$(error VARIANT must be release, asan or valgrind)
endif

# -Wno-missing-field-initializers: services/ are const tables whose later members are optional;
# a row names what it needs and the rest is zero (C11 6.7.9)
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wundef -Wwrite-strings -Wvla -Wno-format-nonliteral -Wno-missing-field-initializers
ifeq ($(or $(WERROR),$(if $(CI),1)),1)
WARN += -Werror
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(SIM_PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SIM_LIBS := $(shell pkg-config --libs $(SIM_PKGS) 2>/dev/null)
CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -MMD -MP -I. $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS := $(OPT) $(EXTRA_LDFLAGS)
LDLIBS := $(PKG_LIBS) -lpthread -lm

# Everything but app/main.c goes into one static library that the kiosk, tools and tests link.
LIB_SRCS := $(wildcard common/*.c drivers/*.c drivers/*/*.c offline-cache/*.c text/*.c ui/*.c \
	ui/screens/*.c services/*.c app/*.c app/*/*.c)
LIB_SRCS := $(filter-out app/main.c,$(LIB_SRCS))
# The table of services is made from services/svc_*.c (services/table.h, HACKING.md).
SVC_SRCS := $(sort $(wildcard services/svc_*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/obj/%.o) $(B)/obj/gen/services_table.o
LIB := $(B)/obj/libkiosk.a

TOOLS := $(notdir $(patsubst %/,%,$(wildcard tools/*/)))
TOOL_BINS := $(TOOLS:%=$(B)/%)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
# Translations: po/<lang>.po -> $(B)/locale/<lang>.mo, read by text/i18n.c (docs/ui.md).
PO_FILES := $(wildcard po/*.po)
MO_FILES := $(PO_FILES:po/%.po=$(B)/locale/%.mo)

FORCE:
.PHONY: FORCE all run check check-unit demo deps bench asan valgrind fuzz lint clean goldens docs \
	soak
.DEFAULT_GOAL := all

all: $(B)/kiosk $(TOOL_BINS) $(UNIT_BINS) $(MO_FILES)

deps:
	@./scripts/install-deps

# msgfmt -c: a broken header or a plural entry without its Plural-Forms number of forms fails
# the build; placeholders are checked by test_i18n (and at run time: text/i18n.h)
$(B)/locale/%.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

# po/kiosk.pot: the template of a new language (po/en.po with its texts emptied); start one with
# msginit -i po/kiosk.pot -l <lang> -o po/<lang>.po (HACKING.md, "Adding a text")
.PHONY: pot
pot:
	msgfilter --keep-header -i po/en.po -o po/kiosk.pot sed -e d

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# remade every run, replaced only when it changed (a service added or removed)
$(B)/gen/services_table.c: FORCE
	@mkdir -p $(dir $@)
	@./scripts/gen-services $(SVC_SRCS) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(B)/obj/gen/services_table.o: $(B)/gen/services_table.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/kiosk: $(B)/obj/app/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# A tool is a folder tools/<name>/ of .c files; it becomes $(B)/<name>.
define tool_rule
$(B)/$(1): $(patsubst %.c,$(B)/obj/%.o,$(wildcard tools/$(1)/*.c)) $(LIB)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS) $$(SIM_LIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(SIM_LIBS)

# ICU (the islamic-umalqura calendar) only for the simulator's sample Hijri dates and the test
# that checks them: the kiosk itself never computes a Hijri date (docs/backend-api.md).
ICU_CFLAGS := $(shell pkg-config --cflags icu-i18n 2>/dev/null)
ICU_LIBS := $(shell pkg-config --libs icu-i18n 2>/dev/null)
$(B)/obj/tools/ministry-sim/hijri.o $(B)/obj/tests/unit/test_hijri.o: CFLAGS += $(ICU_CFLAGS)
$(B)/ministry-sim $(B)/tests/test_hijri: LDLIBS += $(ICU_LIBS)

# The usb printer test hosts a umockdev test bed (glib) in its own process.
$(B)/obj/tests/unit/test_usb_printer.o: CFLAGS += $(shell pkg-config --cflags umockdev-1.0 2>/dev/null)
$(B)/tests/test_usb_printer: LDLIBS += $(shell pkg-config --libs umockdev-1.0 2>/dev/null)

run: deps
	@$(MAKE) --no-print-directory all
	./scripts/run-sim

check: deps
	@$(MAKE) --no-print-directory all
	./tests/run-tests --build $(B) all

check-unit: deps
	@$(MAKE) --no-print-directory all
	./tests/run-tests --build $(B) unit

# Every service, scripted and headless, against the ministry simulator: $(B)/demo/index.html.
demo: deps
	@$(MAKE) --no-print-directory all
	./scripts/demo --build $(B) --out $(B)/demo

# The long runs of the outbox tests: 2,000 SIGKILLs, 10,000 power cuts.
soak: deps
	@$(MAKE) --no-print-directory all
	KILLS=2000 POWERLOSS_CUTS=10000 ./tests/run-tests --build $(B) --only 'test_kills test_powerloss' unit

asan: deps
	@$(MAKE) --no-print-directory VARIANT=asan all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		./tests/run-tests --build build/asan all

# Under valgrind every process runs ~30x slower: the kill and power-cut tests run fewer rounds
# (memory errors, not statistics, are what this target looks for; make check runs them in full).
valgrind: deps
	@$(MAKE) --no-print-directory VARIANT=valgrind all
	KILLS=20 POWERLOSS_CUTS=100 ./tests/run-tests --build build/valgrind --valgrind unit

bench: deps
	@$(MAKE) --no-print-directory all
	./tests/bench/run-bench --build $(B)

FUZZ_SECONDS ?= 20
fuzz: deps
	./tests/fuzz/run-fuzz $(FUZZ_SECONDS)

goldens: all
	./tests/run-tests --build $(B) --update-goldens all

docs: $(B)/kiosk
	$(B)/kiosk --config-doc > docs/configuration.md

lint:
	./scripts/lint

clean:
	rm -rf build

-include $(LIB_OBJS:.o=.d) $(B)/obj/app/main.d $(UNIT_BINS:$(B)/tests/%=$(B)/obj/tests/unit/%.d)
-include $(foreach t,$(TOOLS),$(patsubst %.c,$(B)/obj/%.d,$(wildcard tools/$(t)/*.c)))

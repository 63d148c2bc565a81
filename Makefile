# Interleave developer entry points. Everything real lives in CMakePresets.json
# and scripts/; see `make help`.
#
#   make deps        install missing Debian packages (scripts/install-deps.sh)
#   make build       configure (once) and build the dev preset
#   make run         build, then start the app:  make run ARGS="run example:race-unique"
#   make test        build, then run ctest against throw-away PostgreSQL + MariaDB, then a short fuzz smoke run
#                    (FUZZ_SMOKE_SECONDS in all, default 45; 0 skips it)
#   make asan|tsan   the same with the AddressSanitizer/UBSan or ThreadSanitizer preset (no fuzzing)
#   make fuzz        build the clang fuzz preset and run each libFuzzer target for FUZZ_SECONDS (default 60)
#   make lint        clang-format and clang-tidy over engine/, ui/, app/ and tests/ (after make build)
#   make package     a release build, its guide images, then build/release/interleave_VERSION_ARCH.deb and .tar.gz
#   make docs        redraw the guide's committed images with the app into docs/images/ (scripts/docs-images.sh)
#   make clean       remove build/
#
# CTEST_ARGS is passed to ctest, e.g. make test CTEST_ARGS="-R engine -V" FUZZ_SMOKE_SECONDS=0.

SHELL := /bin/bash
ARGS ?=
CTEST_ARGS ?=
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 45
APP := ./build/dev/app/interleave

.PHONY: all help deps build run test asan tsan fuzz lint package docs clean

all: build

help:
	@sed -n '4,16p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

deps:
	@bash scripts/install-deps.sh

# $(call configure_and_build,PRESET): configure only when build/PRESET has no
# cache yet (CMake re-runs itself when CMakeLists change), then build. A
# configure that failed leaves a cache but no build.ninja: configure again then.
define configure_and_build
	@if [ ! -f build/$(1)/CMakeCache.txt ] || [ ! -f build/$(1)/build.ninja ]; then \
		echo "cmake --preset $(1)"; cmake --preset $(1); \
	else \
		echo "build/$(1) already configured (make clean to start over)"; \
	fi
	cmake --build --preset $(1)
endef

build: deps
	$(call configure_and_build,dev)

run: build
ifeq ($(strip $(ARGS)),)
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "make run: no DISPLAY or WAYLAND_DISPLAY; the GUI needs a display (try: xvfb-run make run)"; \
	fi
endif
	$(APP) $(ARGS)

test: build
	@bash scripts/run-tests.sh dev $(CTEST_ARGS)
	@if [ "$(FUZZ_SMOKE_SECONDS)" != 0 ]; then bash scripts/fuzz.sh --total $(FUZZ_SMOKE_SECONDS); fi

asan: deps
	$(call configure_and_build,asan)
	@bash scripts/run-tests.sh asan $(CTEST_ARGS)

tsan: deps
	$(call configure_and_build,tsan)
	@bash scripts/run-tests.sh tsan $(CTEST_ARGS)

fuzz: deps
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

# Formatting must match .clang-format exactly; .clang-tidy's checks must find nothing.
lint: build
	clang-format --style=file --dry-run -Werror $$(find engine timeline cli ui -name '*.h' -o -name '*.cpp') app/*.cpp tests/*.h tests/*.cpp tests/fuzz/*.h tests/fuzz/*.cpp bench/*.cpp installer/*.cpp
	@echo "clang-tidy over engine/, ui/ and app/ (a few minutes)"
	@set -o pipefail; clang-tidy -p build/dev --quiet --warnings-as-errors='*' $$(find engine timeline cli ui -name '*.cpp') app/*.cpp 2>&1 \
		| { grep -v ' warnings generated\.$$' || true; }

# The packages come from a release build (no tests, hardened like Debian's builds) with the guide's images.
package: deps
	$(call configure_and_build,release)
	cmake --build --preset release --target docs_images
	cd build/release && cpack
	@ls -1 build/release/interleave*.deb build/release/interleave*.tar.gz

docs: build
	@bash scripts/docs-images.sh $(APP) docs/images

clean:
	rm -rf build

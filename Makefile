# Quick start (Debian 12, as root):  make deb && apt install ./build/twin_*.deb
#                                     make demo   |   make test
# Each first installs missing build dependencies (.ci/debian-packages.txt).
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# ccache's cache lives in the build tree: CI and tests never write to ~/.cache.
export CCACHE_DIR ?= $(abspath $(BUILD))/.ccache

.PHONY: all deps configure build deb install demo test bench fuzz clean

all: build

deps:
	@.ci/install-deps .ci/debian-packages.txt

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# twin_VERSION_ARCH.deb (and twin-dbgsym_...) in $(BUILD): packaging/deb.cmake.
deb: build
	@cmake --build $(BUILD) --target deb

# Stripped binary, manual pages, completion and docs under $(PREFIX)
# (DESTDIR=... for a staging tree); the .deb is the way onto a Debian machine.
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX) --strip

demo: build
	@examples/demo $(abspath $(BUILD))/cli/twin

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The language's libFuzzer target (clang, ASan, UBSan) for FUZZ_TIME seconds.
# New inputs go to $(FUZZ_BUILD)/corpus, crashes to $(FUZZ_BUILD)/artifacts;
# copy a crasher into tests/fuzz/corpus/lang/ once fixed, and ctest replays it.
FUZZ_BUILD ?= build-fuzz
FUZZ_TIME ?= 60
fuzz:
	@command -v clang++ >/dev/null || { echo "make fuzz needs clang++ and libclang-rt-dev"; exit 1; }
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DTWIN_FUZZ=ON -DBUILD_TESTING=OFF \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target twin_lang_fuzz
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts
	$(FUZZ_BUILD)/tests/fuzz/twin_lang_fuzz -max_total_time=$(FUZZ_TIME) -timeout=10 \
	  -rss_limit_mb=2048 -max_len=8192 -dict=tests/fuzz/lang.dict \
	  -artifact_prefix=$(abspath $(FUZZ_BUILD))/artifacts/ $(FUZZ_BUILD)/corpus tests/fuzz/corpus/lang

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)

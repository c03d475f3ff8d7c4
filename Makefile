# Quick start (Debian 12, as root):  make demo   |   make test
# Both first install missing build dependencies (.ci/debian-packages.txt).
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# ccache's cache lives in the build tree: CI and tests never write to ~/.cache.
export CCACHE_DIR ?= $(abspath $(BUILD))/.ccache

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	@.ci/install-deps .ci/debian-packages.txt

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@examples/demo $(abspath $(BUILD))/cli/twin

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD)

# Travesía — `make run` starts the app, `make test` runs every test.
# Both install what a fresh Debian 12 machine lacks (as root, or with sudo).

SHELL := /bin/bash
.DEFAULT_GOAL := run

CARGO ?= cargo
NPM ?= npm
# Debug builds without debug info build in about half the time.
export CARGO_PROFILE_DEV_DEBUG ?= 0
export CARGO_TERM_COLOR ?= never

APT_PACKAGES := build-essential pkg-config curl file libssl-dev libxdo-dev \
	libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev \
	xvfb xauth xdotool xclip webkit2gtk-driver poppler-utils strace \
	appstream desktop-file-utils dpkg-dev lintian python3 python3-pip \
	libreoffice-impress libreoffice-calc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# `travesia` is the command line (no GTK: it starts in milliseconds); run
# without a command it hands over to the window, `travesia-app`, beside it.
BIN := target/debug/travesia

.PHONY: run test deps deps-system deps-ui deps-e2e ui build build-e2e lint test-rust test-ui test-e2e bench bench-deps bench-posters bench-editor fuzz bindings ui-answers package package-test clean

## run: install what is missing, build, and open the app
run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "No display found: starting Travesía inside Xvfb (xvfb-run)."; \
		xvfb-run -a $(BIN); \
	else \
		$(BIN); \
	fi

## test: install what is missing, then lint and run every test
test: deps ui lint test-ui test-rust test-e2e

deps: deps-system deps-ui deps-e2e

# tauri-driver bridges WebDriver to the app; pinned to the Tauri 2 line.
TAURI_DRIVER_VERSION := 2.1.0
TAURI_DRIVER := $(HOME)/.cargo/bin/tauri-driver
deps-e2e:
	@if ! "$(TAURI_DRIVER)" --help >/dev/null 2>&1; then \
		echo "Installing tauri-driver $(TAURI_DRIVER_VERSION)"; \
		$(CARGO) install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked; \
	fi

deps-system:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v node >/dev/null || { echo "Node.js 20 or newer is needed (node not found)"; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js 20.19+ is needed, found "+process.versions.node); process.exit(1) }'
	@command -v $(CARGO) >/dev/null || { echo "Rust (cargo) is needed: see rust-toolchain.toml"; exit 1; }
	@python3 -c 'import openpyxl, pptx' 2>/dev/null || { \
		echo "Installing the tests' Python packages (tests/requirements.txt)"; \
		python3 -m pip install --quiet -r tests/requirements.txt 2>/dev/null || \
		python3 -m pip install --quiet --break-system-packages -r tests/requirements.txt; }

# npm ci only when the lock file changed since the last install.
deps-ui: ui/node_modules/.installed
ui/node_modules/.installed: ui/package-lock.json ui/package.json
	cd ui && $(NPM) ci --no-audit --no-fund
	@touch $@

## ui: build the frontend the binary embeds (ui/dist)
ui: deps-ui
	cd ui && $(NPM) run build

build: deps ui
	$(CARGO) build -p travesia -p travesia-cli

# The app the end-to-end tests drive: the same, with the test hooks (scripted
# file-dialog answers) that no other build has.
build-e2e: deps ui
	$(CARGO) build -p travesia -p travesia-cli --features travesia/test-hooks

lint: deps-ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	cd ui && $(NPM) run check

test-ui: deps-ui
	cd ui && $(NPM) test

test-rust: ui
	$(CARGO) test --workspace --exclude travesia-e2e --no-fail-fast

## test-e2e: the real app in WebKitGTK under Xvfb, driven through tauri-driver
# Screenshots land in target/e2e/. The timeout ends a hung session; the
# harness ends tauri-driver's whole process group (WebKitWebDriver, the app).
test-e2e: build-e2e deps-e2e
	TAURI_DRIVER="$(TAURI_DRIVER)" timeout 1500 xvfb-run -a -s "-screen 0 1440x900x24" \
		$(CARGO) test -p travesia-e2e --no-fail-fast -- --test-threads=1

## bench: the committed benchmarks (numbers for the closing notes)
bench:
	$(CARGO) bench -p travesia-store --bench library
	$(CARGO) bench -p travesia-core --bench format
	$(CARGO) bench -p travesia-layout --bench layout
	$(CARGO) bench -p travesia-render --bench render
	$(CARGO) bench -p travesia-api --bench answer
	python3 tests/bench/criterion_table.py

# The other tools the poster benchmark runs against.
BENCH_PACKAGES := librsvg2-bin inkscape chromium

bench-deps:
	@missing=""; for p in $(BENCH_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## bench-posters: our PNG and PDF exports against rsvg-convert, Inkscape and Chromium
bench-posters: deps ui bench-deps
	python3 tests/bench/posters.py

## bench-editor: the canvas, start, home and memory figures (issue 21) on the release app, in the real window
# The release build with the end-to-end hooks (the scripted dialogs), in target/release.
bench-editor: deps ui deps-e2e
	$(CARGO) build --release -p travesia -p travesia-cli --features travesia/test-hooks
	TRAVESIA_BIN="$(CURDIR)/target/release/travesia-app" TAURI_DRIVER="$(TAURI_DRIVER)" \
		timeout 1800 xvfb-run -a -s "-screen 0 1440x900x24" \
		$(CARGO) test -p travesia-e2e --test speed -- --ignored --nocapture --test-threads=1

## fuzz: each libFuzzer target for FUZZ_SECONDS (default 120), seeded from fuzz/seeds
# cargo-fuzz needs nightly flags: the nightly toolchain when rustup has one,
# else the stable compiler with RUSTC_BOOTSTRAP. New inputs go to fuzz/corpus
# (not committed); crashes to fuzz/artifacts — copy each into
# tests/fixtures/fuzz/<target>/ so `make test` replays it.
FUZZ_SECONDS ?= 120
FUZZ_TARGETS := read_file edits render
FUZZ_CARGO := $(shell rustup toolchain list 2>/dev/null | grep -q '^nightly' && echo "cargo +nightly" || echo "env RUSTC_BOOTSTRAP=1 cargo")
fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		mkdir -p corpus/$$t && \
		$(FUZZ_CARGO) fuzz run -O $$t corpus/$$t seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=1 -rss_limit_mb=1024 \
			-print_final_stats=1 2>&1 | tee ../target/fuzz-$$t.log | grep -E "^(stat::|==|SUMMARY|Done|#[0-9]+ *DONE)" ; \
	done

## package: the .deb (Tauri's bundler; AppImage needs a download) in target/release/bundle/deb/
# Stripped release binaries, their dependencies as dpkg-shlibdeps names them,
# gzipped manual pages; `make package-test` runs lintian on the result.
package: deps ui
	$(CARGO) build --release -p travesia-cli -p travesia
	mkdir -p target/package
	gzip -9n < src-tauri/packaging/travesia.1 > target/package/travesia.1.gz
	gzip -9n < src-tauri/packaging/travesia-app.1 > target/package/travesia-app.1.gz
	gzip -9n < src-tauri/packaging/changelog > target/package/changelog.gz
	depends=$$(src-tauri/packaging/deb-depends.sh target/release/travesia target/release/travesia-app) && \
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --ci \
		--config '{"build":{"beforeBuildCommand":""},"bundle":{"linux":{"deb":{"depends":'"$$depends"'}}}}'
	@ls -1 target/release/bundle/deb/*.deb

## package-test: install the .deb in a clean Debian 12 chroot (debootstrap) and start it there
package-test: package
	lintian --fail-on error,warning --display-info $$(ls -1t target/release/bundle/deb/*.deb | head -1) && echo "lintian: no errors or warnings"
	$(SUDO) tests/package/install-clean.sh

## bindings: rewrite ui/src/lib/bindings from the Rust types
bindings:
	TRAVESIA_UPDATE_BINDINGS=1 $(CARGO) test -p travesia --test bindings

## ui-answers: record the maps and steps the UI's unit tests take, and have
## Rust answer them (ui/src/lib/testing/answers.ts). A step can depend on the
## answer before it, so it goes round until a recording run passes.
ANSWERS := ui/src/lib/testing/answers
ui-answers: deps-ui
	for round in 1 2 3 4 5 6 7 8; do \
		rm -rf $(ANSWERS)/requests; \
		if (cd ui && TRAVESIA_RECORD_ANSWERS=1 $(NPM) test -- --no-file-parallelism >/dev/null 2>&1); then passed=1; else passed=0; fi; \
		TRAVESIA_UPDATE_BINDINGS=1 $(CARGO) test -p travesia-api --test ui_answers || exit 1; \
		[ $$passed = 1 ] && break; \
	done
	cd ui && $(NPM) test

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules

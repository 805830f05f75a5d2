# warroom: `make demo` runs the main job, `make test` runs every test.
# Both install what is missing first (scripts/setup.sh).
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
BIN_DIR = $(shell $(SWIFT) build --show-bin-path 2>/dev/null)

.PHONY: setup build release test demo install clean bench soak lint format deb deb-check

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

test: setup
	$(SWIFT) build --build-tests
	# One test at a time: the drill, crash and tmux tests run real processes against real clocks,
	# and on two cores running them side by side starves them. On two cores a first build takes
	# about 6 minutes and the suite (about 550 tests) about 3 to 5 more.
	WARROOM_BIN="$(BIN_DIR)/warroom" $(SWIFT) test --skip-build --no-parallel 2>&1 | tee .build/test.log; \
	  status=$${PIPESTATUS[0]}; exit $$status

# The house style (.swift-format; Tests/.swift-format allows force unwraps in tests).
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

# A live war room: the first scenario at speed 30 with scripted responders, and the console on it.
demo: build
	@WARROOM_DATA="$(CURDIR)" "$(BIN_DIR)/warroom" demo

# The long reliability run: thousands of kills, bigger fuzzing; FUZZ=SECONDS adds libFuzzer.
soak: setup
	scripts/soak.sh $(if $(FUZZ),--fuzz $(FUZZ))

# Benchmarks against jq, tail -F, htop and lnav; rewrites BENCHMARKS.md (under ten minutes).
bench: release
	@missing=""; for t in jq htop lnav; do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	  [ -f /usr/include/simdjson.h ] || missing="$$missing libsimdjson-dev"; \
	  command -v g++ >/dev/null 2>&1 || missing="$$missing g++"; \
	  [ -z "$$missing" ] || WARROOM_SETUP_EXTRA="$$missing" scripts/setup.sh || echo "bench: could not install$$missing; their rows say so"
	WARROOM_BIN="$$($(SWIFT) build -c release --show-bin-path)/warroom" python3 bench/run.py

# Installs the binary and the shipped themes, playbooks, scenarios and translations (locale/*.po: without
# them --lang zh says "no translations found"), naming each file it installs.
install: release
	@install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/warroom"
	@install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/warroom" "$(DESTDIR)$(PREFIX)/bin/warroom"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/warroom"
	@for d in themes playbooks scenarios locale; do \
	  if [ -d $$d ]; then install -d "$(DESTDIR)$(PREFIX)/share/warroom/$$d"; \
	    for f in $$d/*.toml $$d/*.po; do \
	      [ -f "$$f" ] || continue; \
	      install -m 0644 "$$f" "$(DESTDIR)$(PREFIX)/share/warroom/$$d/" && echo "installed $(DESTDIR)$(PREFIX)/share/warroom/$$f"; \
	    done; fi; \
	done

# A Debian package, .build/deb/warroom_VERSION_ARCH.deb: static Swift runtime, data, man pages generated
# from the help, shell completions, systemd units; checked with dpkg-deb, lintian and systemd-analyze.
deb: setup
	scripts/deb.sh

# Installs that package into a clean minimal Debian 12 (debootstrap, cached under /var/cache/warroom-deb)
# and runs it there. Needs root and Debian's archive, and takes minutes: not part of `make test` or CI.
deb-check: deb
	scripts/deb-check.sh

clean:
	$(SWIFT) package clean

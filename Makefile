# The two commands: `make run` and `make test`. Each target installs what it needs first.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DAMS_WERROR=$(if $(CI),ON,OFF)

.PHONY: all deps build test unit-test integration-test run restart chaos lint format bench descriptors clean

all: build

deps:
	@deploy/install-deps.sh
	@deploy/kafka/fetch.sh
	@deploy/passwords/fetch.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)
	deploy/web-build.sh

unit-test: build
	ctest --test-dir $(BUILD_DIR) -L unit --output-on-failure -j $(JOBS)

# Integration binaries each start their own broker; run them one at a time.
integration-test: build
	ctest --test-dir $(BUILD_DIR) -L integration --output-on-failure -j 1

# One ctest run, so its closing line counts every test; integration binaries run serially.
# Then a short chaos run (100 applications, two replicas of everything, kill -9s, a broker
# stop, a Redis kill), which needs make run's ports.
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	AMS_CHAOS_RUNS=100 AMS_CHAOS_RATE=2 deploy/chaos.sh $(BUILD_DIR)

run: build
	deploy/run.sh $(BUILD_DIR)

# kill -9s, a broker stop and a Redis kill under load, then the checks (docs/reliability.md).
# AMS_CHAOS_RUNS (1000), AMS_CHAOS_RATE (4/s), AMS_CHAOS_KILL_EVERY (5 s). Needs make run's ports.
chaos: build
	deploy/chaos.sh $(BUILD_DIR)

# Restarts one process of a running `make run`: make restart SERVICE=credential
restart:
	deploy/ctl.sh restart $(SERVICE)

lint: deps
	@deploy/install-tools.sh buf
	cd proto && ../.cache/bin/buf lint
	git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror
	deploy/check-descriptors.sh
	deploy/web-build.sh
	cd services/gateway/web && npm run --silent gen && npm run --silent typecheck
	@test -z "$$(git status --porcelain -- services/gateway/web/src/gen)" || { git status --short -- services/gateway/web/src/gen; echo "lint: the web app's types differ from proto/: run 'npm run gen' in services/gateway/web" >&2; exit 1; }
	@echo "lint: clean"

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

bench: build
	deploy/bench.sh $(BUILD_DIR)

# The descriptor set outside consumers decode events with, checked in beside the protos.
descriptors: deps
	deploy/check-descriptors.sh --update

clean:
	rm -rf $(BUILD_DIR)

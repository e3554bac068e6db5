# Thin wrapper: install missing Debian packages, configure, build, run, test.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
DEPS := cmake g++ make pkg-config libsystemc-dev libboost-program-options-dev libfmt-dev \
        catch2 nlohmann-json3-dev libopenmpi-dev openmpi-bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export SC_COPYRIGHT_MESSAGE := DISABLE

.PHONY: all deps configure build run test test-asan bench bench-scenarios bench-costs clean

all: build

deps:
	@missing=$$(for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing missing packages:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# The headline: membarrier(GLOBAL) leaves a nohz_full CPU's barrier() unpromoted (the
# forbidden store-buffering outcome shows up), PRIVATE_EXPEDITED's IPI promotes it (never).
run: build
	./$(BUILD)/mmsim run scenarios/membarrier/headline-global-nohz_full.litmus \
	  scenarios/membarrier/headline-private-expedited-nohz_full.litmus --trials 1000

# Test groups that need the reference litmus corpus (tests/CMakeLists.txt, MMSIM_CORPUS_DIR)
# are skipped when it is absent; a note after the run says which.
test: build test-asan
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS); status=$$?; \
	if [ -s skipped-test-groups.txt ]; then cat skipped-test-groups.txt; fi; exit $$status

# Parsers and error paths under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMMSIM_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS) --target mmsim_sanitize_tests
	ASAN_OPTIONS=detect_leaks=0 ./$(ASAN_BUILD)/tests/mmsim_sanitize_tests "[parser],[cfront],[x86isa],[arm64isa],[ppcisa],[lisa],[errors]"

# With the reference corpus beside the repository (as for `make test`), also the 40-test
# powerpc batch of the --jobs speed-up and the whole powerpc corpus as one batch.
ARCH_CORPUS ?= ../shared/litmus/arch
bench: configure
	cmake --build $(BUILD) -j$(JOBS) --target mmsim_bench
	./$(BUILD)/bench/mmsim_bench --trials 100000 --out bench/results \
	  $(if $(wildcard $(ARCH_CORPUS)/powerpc),--corpus $(ARCH_CORPUS))

# Each kernel scenario's count in both timing modes: explore (what is allowed) and realistic
# (frequencies); about a minute.
bench-scenarios: configure
	cmake --build $(BUILD) -j$(JOBS) --target mmsim_scenario_frequencies
	./$(BUILD)/bench/mmsim_scenario_frequencies --trials 1000 --realistic-trials 200 --out bench/results

# What each membarrier flavour and a grace period cost on x86, arm64 and powerpc (realistic
# timing, the kernel's defaults); under a minute.
bench-costs: configure
	cmake --build $(BUILD) -j$(JOBS) --target mmsim_kernel_costs
	./$(BUILD)/bench/mmsim_kernel_costs --trials 200 --out bench/results

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

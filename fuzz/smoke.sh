#!/usr/bin/env bash
# CI smoke run of the fuzz targets: builds them, seeds their corpora and runs each one for a few
# seconds, one at a time and in one process. Exits non-zero as soon as a target crashes (the input
# is then in fuzz/artifacts/<target>/). Needs the nightly toolchain; installs cargo-fuzz if missing.
#
#   fuzz/smoke.sh                 # every target, 5 s each
#   SECONDS_PER_TARGET=60 fuzz/smoke.sh tokenize kwic
#   RUNS_PER_TARGET=3000 fuzz/smoke.sh   # a fixed number of runs from a fixed seed: the same inputs
#                                        # every time (what CI does, so that it cannot fail at random)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
secs="${SECONDS_PER_TARGET:-5}"
runs="${RUNS_PER_TARGET:-}"
if [ -n "$runs" ]; then
    budget=(-runs="$runs" -seed=1)
    what="$runs runs"
else
    budget=(-max_total_time="$secs")
    what="${secs}s"
fi
toolchain="${FUZZ_TOOLCHAIN:-nightly}"

if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
    echo "smoke: installing the $toolchain toolchain" >&2
    rustup toolchain install "$toolchain" --profile minimal >/dev/null
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "smoke: installing cargo-fuzz" >&2
    cargo install --quiet --locked cargo-fuzz
fi

export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
cargo "+$toolchain" fuzz build
./seed.sh >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo "+$toolchain" fuzz list)
fi
for t in "${targets[@]}"; do
    echo "smoke: $t ($what)" >&2
    # One process, one job: the machine is shared. cargo fuzz exits non-zero on a crash.
    dict=()
    [ -f "$t.dict" ] && dict=(-dict="$t.dict")
    if ! cargo "+$toolchain" fuzz run "$t" "corpus/$t" -- \
        "${budget[@]}" -max_len=16384 -print_final_stats=1 "${dict[@]}" 2> "target/smoke-$t.log"; then
        tail -n 40 "target/smoke-$t.log" >&2
        if grep -q "failed to build fuzz script" "target/smoke-$t.log"; then
            echo "smoke: $t did not build (see above)" >&2
        else
            echo "smoke: $t crashed; the input is in fuzz/artifacts/$t/" >&2
        fi
        exit 1
    fi
    grep -E '^(stat::number_of_executed_units|Done)' "target/smoke-$t.log" | sed "s/^/smoke: $t: /" >&2 || true
done
echo "smoke: ${#targets[@]} targets ran ($what each) without a crash" >&2

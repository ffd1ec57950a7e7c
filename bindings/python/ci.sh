#!/usr/bin/env bash
# CI of the Python package: a venv (made once, in target/), the tools it lacks, the wheel built by
# maturin and installed, the binding linted, and pytest (the Spark tests on local[2] included).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${ENTRETIEN_VENV:-$PWD/target/py-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
py="$venv/bin/python"
# requirement:module; pyspark 3.5 runs on the machine's Java 17.
missing=()
for spec in "maturin>=1.5,<2:maturin" "pytest:pytest" "pyarrow:pyarrow" "pandas:pandas" \
            "pyspark==3.5.3:pyspark"; do
    "$py" -c "import ${spec##*:}" 2>/dev/null || missing+=("${spec%:*}")
done
[ ${#missing[@]} -eq 0 ] || "$py" -m pip install -q --disable-pip-version-check "${missing[@]}"
command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; }
# The CLI the tests compare with, and the corpus generator.
cargo build --release --quiet --bin entretien --example gen_corpus
cargo clippy --quiet -p entretien-python -- -D warnings
rm -f target/wheels/entretien-*.whl
(cd bindings/python && "$venv/bin/maturin" build --release --quiet -i "$venv/bin/python" -o ../../target/wheels)
"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/entretien-*.whl
"$py" -m pytest -q bindings/python/tests

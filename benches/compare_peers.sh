#!/usr/bin/env bash
# Side by side with the Python peers of ../shared/peers on their gsd-x100 corpus, whole-process wall time,
# in the same run: `bash benches/compare_peers.sh` from the project root.
#   RUNS=3 (median of), PEERS="regex spacy", SPACY_RUNS=1 (spaCy is slow)
# Sets up target/peers-venv and target/gsd-x100 the first time (needs python3 and the network to PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
peers=$shared/peers
venv=target/peers-venv
runs=${RUNS:-3}
spacy_runs=${SPACY_RUNS:-1}
corpus=target/gsd-x100

if ! "$venv/bin/python" -c 'import spacy, Stemmer' >/dev/null 2>&1; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$peers/requirements.txt"
fi
[ -f target/gsd.manifest.json ] ||
    python3 "$peers/build_corpus.py" target/gsd gsd 2000 "$shared"/data/ud/UD_French-GSD/*.conllu >&2
[ -f target/gsd-x100.manifest.json ] ||
    python3 "$peers/build_corpus.py" --replicate target/gsd "$corpus" 100 >&2
cargo build --release -q

wall() { # prints the wall time of one run of the command, in seconds
    local TIMEFORMAT='%R'
    { time "$@" >/dev/null 2>/dev/null; } 2>&1
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
measure() { # NAME RUNS COMMAND...
    local name=$1 n=$2; shift 2
    local times=()
    for _ in $(seq "$n"); do times+=("$(wall "$@")"); done
    local med; med=$(printf '%s\n' "${times[@]}" | median)
    echo "$name $med"
    printf '%-10s median %6.3f s   runs: %s\n' "$name" "$med" "${times[*]}" >&2
}

echo "corpus: $corpus, $(ls $corpus/*.txt | wc -l) files, $(cat $corpus/*.txt | wc -c) bytes; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
results=$(
    measure entretien "$runs" target/release/entretien score "$corpus" --lexicon "$peers/themes_fr.dic" --format jsonl --threads 2 -q
    for p in ${PEERS:-regex spacy}; do
        case $p in
            regex) measure regex "$runs" env PYTHONUTF8=1 "$venv/bin/python" "$peers/python_regex_pipeline.py" "$corpus" "$peers/themes_fr.dic" --jobs 2 ;;
            spacy) measure spacy "$spacy_runs" env PYTHONUTF8=1 "$venv/bin/python" "$peers/spacy_pipeline.py" "$corpus" "$peers/themes_fr.dic" --jobs 2 ;;
        esac
    done
)
ours=$(echo "$results" | awk '$1 == "entretien" { print $2 }')
echo "$results" | awk -v ours="$ours" '$1 != "entretien" { printf "entretien is %.1fx faster than %s\n", $2 / ours, $1 }'

#!/usr/bin/env bash
# Side by side with the Python peers of ../shared/peers on their gsd-x100 corpus, whole-process wall time,
# in the same run: `bash benches/compare_peers.sh` from the project root.
#   RUNS=3 (rounds against each fast peer), PEERS="regex spacy", SPACY_RUNS=1 (spaCy is slow)
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
ours=(target/release/entretien score "$corpus" --lexicon "$peers/themes_fr.dic" --format jsonl --threads 2 -q)
peer() { # NAME: runs that peer once
    case $1 in
        regex) env PYTHONUTF8=1 "$venv/bin/python" "$peers/python_regex_pipeline.py" "$corpus" "$peers/themes_fr.dic" --jobs 2 ;;
        spacy) env PYTHONUTF8=1 "$venv/bin/python" "$peers/spacy_pipeline.py" "$corpus" "$peers/themes_fr.dic" --jobs 2 ;;
    esac
}

echo "corpus: $corpus, $(ls $corpus/*.txt | wc -l) files, $(cat $corpus/*.txt | wc -c) bytes; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# Rounds interleave the programs (entretien, then each peer), so that a slow spell of a shared
# machine weighs on both sides of a ratio. Each round gives one "name seconds entretien-seconds" line.
rounds=$(
    for p in ${PEERS:-regex spacy}; do
        n=$runs
        [ "$p" = spacy ] && n=$spacy_runs
        for _ in $(seq "$n"); do
            t_ours=$(wall "${ours[@]}")
            t_peer=$(wall peer "$p")
            echo "$p $t_peer $t_ours"
        done
    done
)
echo "$rounds" | python3 -c '
import sys, statistics as st
rounds = {}
for line in sys.stdin:
    name, peer, ours = line.split()
    rounds.setdefault(name, []).append((float(peer), float(ours)))
for name, rs in rounds.items():
    peer = [p for p, _ in rs]; ours = [o for _, o in rs]; ratios = sorted(p / o for p, o in rs)
    print(f"{name}: {len(rs)} rounds; entretien median {st.median(ours):.3f} s (runs {min(ours):.3f}-{max(ours):.3f}), "
          f"{name} median {st.median(peer):.3f} s (runs {min(peer):.3f}-{max(peer):.3f})")
    print(f"entretien is {st.median(peer) / st.median(ours):.1f}x faster than {name} (ratio of medians); "
          f"per-round ratios: median {st.median(ratios):.1f}x, range {ratios[0]:.1f}-{ratios[-1]:.1f}x")
'

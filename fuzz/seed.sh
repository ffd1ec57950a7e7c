#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds: the tiny seeds committed in fuzz/seeds/, the project's
# corpora/ and tests/data/, and the shared transcripts (SHARED, default ../shared/data/transcripts beside the repository)
# when present. Copies only; nothing here is committed (fuzz/corpus is ignored). Safe to re-run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="${SHARED:-$root/../shared/data/transcripts}"
corpus="$here/corpus"

# seed TARGET NAME-PATTERN... : copy matching files (case-insensitive) into corpus/TARGET.
seed() {
    local target="$1"; shift
    mkdir -p "$corpus/$target"
    if [ -d "$here/seeds/$target" ]; then cp -f "$here/seeds/$target"/* "$corpus/$target/" 2>/dev/null || true; fi
    local dirs=("$root/corpora" "$root/tests/data")
    [ -d "$shared" ] && dirs+=("$shared")
    local args=() p
    for p in "$@"; do args+=(-o -iname "$p"); done
    find "${dirs[@]}" -type f -size -1000k \( -false "${args[@]}" \) -print0 |
        while IFS= read -r -d '' f; do
            cp -f "$f" "$corpus/$target/$(basename "$(dirname "$f")")_$(basename "$f")"
        done
}

seed tokenize '*.txt' '*.srt' '*.vtt'
seed read_plain '*.txt'
seed read_iramuteq '*iramuteq*' '*.txt'
seed read_vtt '*.vtt' '*.srt'
seed read_srt '*.srt' '*.vtt'
seed read_trs '*.trs'
seed read_tei '*.xml' '*.tei'
seed read_eaf '*.eaf'
seed read_chat '*.cha'
seed read_asr_json '*.json'
seed read_textgrid '*.textgrid'
seed read_jsonl '*.jsonl' '*.json'
seed read_docx '*.docx'
seed read_odt '*.odt' '*.docx'
seed read_qdpx '*.qdpx'
seed read_coded '*.jsonl' '*.csv'
seed lexicon_toml '*.toml'
seed lexicon_dic '*.dic'
seed lexicon_yaml '*.yml' '*.yaml'
seed aggregate '*.aggregate.json'
seed kwic
seed end_to_end '*.txt' '*.srt' '*.vtt' '*.trs' '*.textgrid' '*.jsonl' '*.eaf' '*.cha'
for d in "$corpus"/*/; do printf '%-14s %s seeds\n' "$(basename "$d")" "$(ls "$d" | wc -l)"; done

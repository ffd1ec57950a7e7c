"""The package gives what the CLI gives: the same rows (byte for byte), aggregates, concordances and
vocabularies, on the repository's corpora and on a generated corpus of 1,000+ documents."""

import json
import pickle

import pytest

from entretien import Aggregate, Analyzer, read_transcript, row_columns
from conftest import CORPORA, GENERATED_DOCS, cli

CORPUS_INPUTS = [CORPORA / "entretiens", CORPORA / "enquete"]


@pytest.mark.parametrize("unit", ["document", "speaker", "turn", "sentence", "segment"])
def test_rows_equal_the_cli_on_the_corpora(unit, tmp_path):
    agg = tmp_path / "agg.json"
    expected = cli("score", *CORPUS_INPUTS, "--unit", unit, "--format", "jsonl", "-q",
                   "--aggregate-out", agg).stdout
    scores = Analyzer().score_files(CORPUS_INPUTS, unit=unit)
    assert scores.rows_jsonl() == expected
    assert scores.aggregate.to_json() + "\n" == agg.read_text(encoding="utf-8")
    assert scores.failures == []


def test_rows_with_evidence_and_every_theme_equal_the_cli():
    expected = cli("score", *CORPUS_INPUTS, "--unit", "turn", "--evidence", "--all-themes",
                   "--negation", "count", "--speakers", "all", "--format", "jsonl", "-q").stdout
    analyzer = Analyzer(negation="count", speakers="all")
    scores = analyzer.score_files(CORPUS_INPUTS, unit="turn", evidence=True, all_themes=True)
    assert scores.rows_jsonl() == expected
    hits = scores.evidence()
    assert hits and all({"id", "theme", "span", "snippet", "text"} <= set(h) for h in hits)


def test_rows_equal_the_cli_on_a_generated_corpus(generated, tmp_path):
    agg = tmp_path / "agg.json"
    expected = cli("score", generated, "--by", "role", "--format", "jsonl", "-q",
                   "--aggregate-out", agg).stdout
    scores = Analyzer(by="role").score_files(generated, threads=2)
    assert scores.documents >= GENERATED_DOCS >= 1000
    assert scores.rows_jsonl() == expected
    assert scores.aggregate.to_json() + "\n" == agg.read_text(encoding="utf-8")


def test_bytes_and_json_lines_read_as_the_files_are(generated):
    files = sorted(p for p in generated.iterdir())[:60]
    analyzer = Analyzer()
    expected = analyzer.score_files(files, threads=1).rows_jsonl()
    docs = [(f"file:{p}", p.read_bytes()) for p in files]
    assert analyzer.score_bytes(docs).rows_jsonl() == expected

    jsonl = CORPORA / "enquete" / "reponses_ouvertes.jsonl"
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    by_lines = analyzer.score_json_lines(lines, source=str(jsonl))
    assert by_lines.rows_jsonl() == analyzer.score_files(jsonl).rows_jsonl()


def test_score_text_equals_the_cli():
    text = "Je ne suis pas stressée. Mais je suis seule devant mon écran, on ne fait que cliquer."
    expected = cli("score", "--text", text, "--unit", "sentence", "--evidence",
                   "--format", "jsonl", "-q").stdout
    rows = Analyzer().score_text(text, unit="sentence", evidence=True)
    assert rows == [json.loads(line) for line in expected.splitlines()]
    assert any(e["negated"] for r in rows for e in r["evidence"])


def test_tables_have_one_row_per_unit_and_a_column_per_theme_figure():
    analyzer = Analyzer()
    scores = analyzer.score_files(CORPUS_INPUTS, unit="turn")
    rows = scores.rows()
    table = scores.to_arrow()
    assert table.num_rows == len(rows)
    assert table.column_names == [name for name, _ in row_columns(analyzer.themes)]
    first = table.slice(0, 1).to_pylist()[0]
    assert first["id"] == rows[0]["id"] and first["start"] == rows[0]["span"]["start"]
    for theme in analyzer.themes:
        hits = table.column(f"{theme}.hits").to_pylist()
        assert hits == [r["themes"].get(theme, {}).get("hits", 0) for r in rows]
    frame = scores.to_pandas()
    assert len(frame) == len(rows) and "isolement.per_1000" in frame.columns
    assert isinstance(frame["metadata"].iloc[0], dict)


def test_aggregates_of_shards_merge_into_the_whole(generated, tmp_path):
    analyzer = Analyzer(by="role")
    files = sorted(generated.iterdir())
    half = len(files) // 2
    parts = [analyzer.score_files(files[:half]).aggregate,
             analyzer.score_files(files[half:]).aggregate]
    whole = analyzer.score_files(files).aggregate
    merged = Aggregate.from_json(parts[0].to_json()).merge(parts[1])
    assert merged == whole
    # The CLI merges the package's aggregates to the same.
    paths = []
    for i, part in enumerate(parts):
        paths.append(tmp_path / f"part{i}.json")
        paths[-1].write_text(part.to_json(), encoding="utf-8")
    assert cli("merge", *paths).stdout.decode("utf-8") == whole.to_json() + "\n"
    # Keyness from the merged aggregate, as the CLI's keyness.csv lists it.
    keyness = merged.keyness()
    assert keyness and {"kind", "group", "item", "g2", "lafon"} <= set(keyness[0])
    assert pickle.loads(pickle.dumps(merged)) == merged


def test_aggregates_of_other_settings_do_not_merge():
    from entretien import EntretienError

    a = Analyzer().score_files(CORPORA / "entretiens").aggregate
    b = Analyzer(negation="count").score_files(CORPORA / "entretiens").aggregate
    with pytest.raises(EntretienError) as err:
        a.merge(b)
    assert err.value.kind == "config"


def test_kwic_and_vocab_equal_the_cli():
    expected = cli("kwic", "theme:isolement", CORPORA / "entretiens", "--format", "jsonl", "-q",
                   "--sort", "left").stdout
    lines = Analyzer().kwic("theme:isolement", CORPORA / "entretiens", sort="left")
    assert lines == [json.loads(line) for line in expected.splitlines()]
    assert lines and {"doc", "left", "keyword", "right", "start", "end"} <= set(lines[0])

    expected = cli("vocab", CORPORA / "entretiens", "--stems", "--top", "20", "--by", "role",
                   "--format", "jsonl").stdout
    rows = Analyzer(by="role").vocab(CORPORA / "entretiens", stems=True, top=20)
    assert rows == [json.loads(line) for line in expected.splitlines()]


def test_read_transcript_gives_turns_speakers_roles_and_metadata():
    [t] = read_transcript(CORPORA / "entretiens" / "ent06_etat_civil.vtt")
    assert t.format == "vtt" and t.turns and t.speakers
    roles = {turn.role for turn in t.turns}
    assert "interviewer" in roles and "respondent" in roles
    assert t.turns[0].start_time is not None
    assert t.turn_text(t.turns[0]).strip()
    docs = read_transcript(CORPORA / "entretiens" / "corpus_iramuteq_encadrement_finances.txt")
    assert len(docs) > 1 and all(d.metadata for d in docs)


def test_a_dict_lexicon_and_the_analyzer_pickle():
    analyzer = Analyzer({"ecrans": ["écran*", "=ordinateur"], "fatigue": ["fatigu*"]})
    [row] = analyzer.score_text("Fatigué de mon écran.")
    assert row["themes"]["ecrans"]["hits"] == 1 and row["themes"]["fatigue"]["hits"] == 1
    again = pickle.loads(pickle.dumps(analyzer))
    assert again.themes == ["ecrans", "fatigue"]
    assert Analyzer.shared(negation="count") is Analyzer.shared(negation="count")

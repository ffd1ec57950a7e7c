"""Errors are EntretienError exceptions carrying the library's kind and where: path, line, byte."""

import pytest

from entretien import Aggregate, Analyzer, EntretienError, read_transcript
from conftest import CORPORA


def test_invalid_utf8_names_its_byte_offset(tmp_path):
    bad = tmp_path / "ent_latin.txt"
    bad.write_bytes("Enquêteur : bonjour\nAgent : oui\n".encode("utf-8") + b"Agent : d\xe9j\xe0\n")
    offset = len("Enquêteur : bonjour\nAgent : oui\nAgent : d".encode("utf-8"))
    with pytest.raises(EntretienError) as err:
        read_transcript(bad)
    e = err.value
    assert (e.kind, e.byte_offset, e.path) == ("invalid_utf8", offset, str(bad))
    assert f"byte offset {offset}" in str(e)
    # A strict run stops at it; otherwise it is listed and the other inputs are scored.
    with pytest.raises(EntretienError) as err:
        Analyzer().score_files([bad, CORPORA / "entretiens"], strict=True)
    assert err.value.byte_offset == offset
    scores = Analyzer().score_files([bad, CORPORA / "entretiens"])
    assert [(f.kind, f.byte_offset) for f in scores.failures] == [("invalid_utf8", offset)]
    assert scores.documents > 0
    # lossy reads it, as --lossy does.
    assert Analyzer(lossy=True).score_files(bad, strict=True).documents == 1


def test_a_broken_lexicon_names_its_line(tmp_path):
    lexicon = tmp_path / "codebook.toml"
    lexicon.write_text('[[theme]]\nid = "isolement"\nentries = ["seul*"]\n\n[[theme\n',
                       encoding="utf-8")
    with pytest.raises(EntretienError) as err:
        Analyzer(lexicon)
    assert (err.value.kind, err.value.path, err.value.line) == ("lexicon", str(lexicon), 5)


def test_a_malformed_json_line_names_its_line():
    lines = ['{"id": "a", "text": "bonjour"}', "", '{"id": "b", "text": ']
    with pytest.raises(EntretienError) as err:
        Analyzer().score_json_lines(lines, source="answers.jsonl", strict=True)
    assert (err.value.kind, err.value.path, err.value.line) == ("transcript", "answers.jsonl", 3)


def test_bad_settings_and_data():
    with pytest.raises(EntretienError) as err:
        Analyzer(negation="ignore")
    assert err.value.kind == "config"
    with pytest.raises(EntretienError) as err:
        Analyzer().score_text("oui", unit="paragraph")
    assert err.value.kind == "config"
    with pytest.raises(EntretienError) as err:
        Aggregate.from_json('{"version": 2,')
    assert err.value.kind == "data"
    with pytest.raises(EntretienError) as err:
        Analyzer().score_files("/nonexistent/corpus")
    assert err.value.kind == "io" and err.value.path == "/nonexistent/corpus"

"""examples/spark/score_archive.py on a real local PySpark (local[2]): its merged aggregate, keyness
and per-document Parquet rows equal `entretien score`'s on the same generated corpus, with the
package on the executors and with the binary through RDD.pipe."""

import csv
import json
import os
import subprocess
import sys

import pytest

from entretien import Aggregate, row_columns, row_record
from conftest import CLI, ROOT, cli

pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")

SCRIPT = ROOT / "examples" / "spark" / "score_archive.py"


@pytest.fixture(scope="module")
def expected(generated, tmp_path_factory):
    """The CLI's rows, aggregate and tables on the generated corpus, grouped by role."""
    out = tmp_path_factory.mktemp("cli")
    rows = cli("score", generated, "--by", "role", "--format", "jsonl", "-q",
               "--aggregate-out", out / "aggregate.json", "--out", out / "tables").stdout
    return {
        "rows": [json.loads(line) for line in rows.splitlines()],
        "aggregate": (out / "aggregate.json").read_text(encoding="utf-8"),
        "keyness": (out / "tables" / "keyness.csv").read_text(encoding="utf-8"),
    }


def run_job(generated, out_dir, *extra):
    env = dict(os.environ, ENTRETIEN=str(CLI), PYSPARK_PYTHON=sys.executable,
               PYSPARK_DRIVER_PYTHON=sys.executable)
    job = subprocess.run([sys.executable, str(SCRIPT), str(generated), str(out_dir), "--master",
                          "local[2]", "--by", "role", "--partitions", "4", *extra],
                         env=env, capture_output=True, timeout=600)
    # Spark's log is long: its last lines say what failed.
    assert job.returncode == 0, job.stderr.decode("utf-8", "replace")[-4000:]


def normal(record):
    """A record with its metadata (column 9) as sorted pairs, comparable and sortable."""
    meta = record[9]
    items = meta.items() if isinstance(meta, dict) else (meta or [])
    return record[:9] + (tuple(sorted(items)),) + record[10:]


def parquet_records(path):
    table = pq.read_table(path)
    return table.column_names, sorted((normal(tuple(r.values())) for r in table.to_pylist()), key=repr)


def cli_records(expected, themes):
    return sorted((normal(row_record(r, themes)) for r in expected["rows"]), key=repr)


def keyness_csv_rows(text):
    return list(csv.DictReader(text.splitlines()))


def test_spark_job_equals_the_cli(generated, expected, tmp_path):
    run_job(generated, tmp_path)
    assert (tmp_path / "aggregate.json").read_text(encoding="utf-8") == expected["aggregate"]
    themes = json.loads(expected["aggregate"])["theme_ids"]
    columns, records = parquet_records(tmp_path / "documents.parquet")
    # The script's layout (written apart, for --pipe) is the package's.
    assert columns == [name for name, _ in row_columns(themes)]
    assert records == cli_records(expected, themes)
    # The keyness computed from the merged aggregate is the CLI's keyness.csv (its figures are
    # rounded to 6 decimals there).
    keyness = json.loads((tmp_path / "keyness.json").read_text(encoding="utf-8"))
    table = keyness_csv_rows(expected["keyness"])
    assert len(keyness) == len(table) > 0
    for mine, theirs in zip(keyness, table):
        assert (mine["kind"], mine["group"], mine["item"]) == (
            theirs["kind"], theirs["group"], theirs["item"])
        assert mine["g2"] == pytest.approx(float(theirs["g2"]), abs=1e-6)
        assert mine["lafon"] == pytest.approx(float(theirs["lafon"]), abs=1e-6)
    assert Aggregate.read(tmp_path / "aggregate.json").keyness() == keyness


def test_spark_pipe_job_equals_the_cli(generated, expected, tmp_path):
    run_job(generated, tmp_path, "--pipe")
    assert (tmp_path / "aggregate.json").read_text(encoding="utf-8") == expected["aggregate"]
    themes = json.loads(expected["aggregate"])["theme_ids"]
    _, records = parquet_records(tmp_path / "documents.parquet")
    assert records == cli_records(expected, themes)
    assert (tmp_path / "tables" / "keyness.csv").read_text(encoding="utf-8") == expected["keyness"]


def test_spark_job_on_json_lines_and_with_paths_equals_the_cli(generated, expected, tmp_path):
    # A JSON Lines file read as a DataFrame of lines: ids, metadata and rows as the CLI reads it.
    jsonl = ROOT / "corpora" / "enquete" / "reponses_ouvertes.jsonl"
    agg = tmp_path / "cli.json"
    rows = cli("score", jsonl, "--by", "role", "--format", "jsonl", "-q",
               "--aggregate-out", agg).stdout
    run_job(jsonl, tmp_path / "jsonl")
    assert (tmp_path / "jsonl" / "aggregate.json").read_text(encoding="utf-8") == \
        agg.read_text(encoding="utf-8")
    themes = json.loads(agg.read_text(encoding="utf-8"))["theme_ids"]
    _, records = parquet_records(tmp_path / "jsonl" / "documents.parquet")
    mine = {"rows": [json.loads(line) for line in rows.splitlines()]}
    assert records == cli_records(mine, themes)
    # The executors reading the files themselves (paths listed on the driver) give the same.
    run_job(generated, tmp_path / "paths", "--read-on-executors")
    assert (tmp_path / "paths" / "aggregate.json").read_text(encoding="utf-8") == \
        expected["aggregate"]

"""Scores a whole archive of interview transcripts on Apache Spark.

    spark-submit examples/spark/score_archive.py INPUT OUT_DIR [--master local[2]] [--by KEY]
    python examples/spark/score_archive.py INPUT OUT_DIR --pipe   # the CLI on the executors

INPUT is a folder of transcripts in any reader format (read with ``binaryFiles``: each file's
bytes and name; with ``--read-on-executors`` the executors read the files listed on the driver), or
a ``.jsonl`` file of documents (read as a DataFrame of lines). Each partition is
scored by the ``entretien`` Python package (the analyzer built once per executor process), or with
``--pipe`` by the ``entretien`` binary through ``RDD.pipe`` (JSON Lines in and out) where the package
cannot be installed. The job writes:

- ``OUT_DIR/documents.parquet``: one row per document (``--unit`` for others), the columns of
  ``entretien.row_columns`` (the figures of each theme in columns);
- ``OUT_DIR/aggregate.json``: the partitions' aggregates merged with ``treeReduce``, the same JSON
  as ``entretien score --aggregate-out`` on the whole archive;
- ``OUT_DIR/keyness.json``: keyness of themes and stems per group (with ``--by``), computed from
  the merged aggregate; with ``--pipe``, ``entretien merge --out`` writes ``OUT_DIR/tables/``.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from typing import Iterable, Iterator, List, Optional, Tuple

# The pipe command: stdin is the partition (JSON Lines documents, or one path a line), stdout
# its rows, then one line {"__aggregate__": …} with the partition's aggregate.
PIPE_SCRIPT = r"""
set -eu
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/in"
[ -s "$tmp/in" ] || exit 0
mode=$1; shift
if [ "$mode" = paths ]; then
  set -- "$@"
  while IFS= read -r p; do set -- "$@" "$p"; done < "$tmp/in"
  "$ENTRETIEN" score --format jsonl -q --aggregate-out "$tmp/agg.json" "$@"
else
  "$ENTRETIEN" score --format jsonl -q --aggregate-out "$tmp/agg.json" "$@" - < "$tmp/in"
fi
# The aggregate's JSON on one line (a JSON string holds no raw newline, so none is lost).
printf '{"__aggregate__":'; tr -d '\n' < "$tmp/agg.json"; printf '}\n'
"""


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="a folder of transcripts, or a .jsonl file of documents")
    p.add_argument("out_dir")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--pipe", action="store_true",
                   help="score with the entretien binary through RDD.pipe")
    p.add_argument("--entretien", default=os.environ.get("ENTRETIEN", "entretien"),
                   help="the binary for --pipe (default: $ENTRETIEN or entretien on PATH)")
    p.add_argument("--lexicon", help="lexicon file (default: the embedded French codebook)")
    p.add_argument("--by", help="metadata key grouping the aggregate (keyness per group)")
    p.add_argument("--unit", default="document")
    p.add_argument("--speakers", default="respondent")
    p.add_argument("--negation", default="exclude")
    p.add_argument("--partitions", type=int, default=None,
                   help="partitions of the input (default: Spark's)")
    p.add_argument("--read-on-executors", action="store_true",
                   help="hand the executors paths, not bytes: each reads its files (a shared "
                        "file system), which spares the transfer of binaryFiles' bytes")
    return p.parse_args(argv)


def settings(args: argparse.Namespace) -> dict:
    """The analyzer's settings, shipped to the executors (the analyzer is built there, once)."""
    return dict(lexicon=args.lexicon, speakers=args.speakers, negation=args.negation, by=args.by)


def cli_flags(args: argparse.Namespace) -> List[str]:
    """The same settings as flags of `entretien score`."""
    flags = ["--unit", args.unit, "--speakers", args.speakers, "--negation", args.negation]
    if args.lexicon:
        flags += ["--lexicon", os.path.abspath(args.lexicon)]
    if args.by:
        flags += ["--by", args.by]
    return flags


def is_jsonl(path: str) -> bool:
    return path.lower().endswith((".jsonl", ".ndjson"))


def list_files(sc, path: str, partitions: Optional[int]):
    """The files under `path` (recursively), listed by Hadoop's file system on the driver, as an
    RDD of local paths: no file is read here."""
    jvm = sc._jvm
    root = jvm.org.apache.hadoop.fs.Path(path)
    files = root.getFileSystem(sc._jsc.hadoopConfiguration()).listFiles(root, True)
    paths = []
    while files.hasNext():
        name = files.next().getPath().toString()
        paths.append(name[len("file:"):] if name.startswith("file:") else name)
    return sc.parallelize(sorted(paths), partitions or sc.defaultParallelism)


def numbered_lines(spark, path: str):
    """The documents of a JSON Lines file as ``(source, line, n, text)``: the DataFrame of its
    lines, numbered in file order (`n` counts the non-blank lines, for default ids)."""
    lines = spark.read.text(path).rdd.map(lambda r: r.value).zipWithIndex()
    docs = lines.filter(lambda x: x[0].strip()).zipWithIndex()
    source = os.path.abspath(path)
    return docs.map(lambda x: (source, x[0][1] + 1, x[1] + 1, x[0][0]))


# --- with the package -------------------------------------------------------------------------

def score_partition(config: dict, unit: str, kind: str):
    """The function each partition runs: the analyzer of `config` (built once per executor
    process), then rows as tuples and the partition's aggregate as JSON."""

    def run(records: Iterable) -> Iterator[Tuple[str, object]]:
        from entretien import Analyzer

        analyzer = Analyzer.shared(**config)
        records = list(records)
        if not records:
            return
        if kind == "bytes":
            scores = analyzer.score_bytes(records, unit, threads=1)
        elif kind == "paths":
            scores = analyzer.score_files(records, unit, threads=1)
        else:
            scores = analyzer.score_numbered_lines(records, unit, threads=1)
        for failure in scores.failures:
            print(f"score_archive: {failure}", file=sys.stderr)
        for row in scores:
            yield ("row", record(row, analyzer.themes))
        yield ("aggregate", scores.aggregate.to_json())

    return run


def merge(a, b):
    """treeReduce's function: one aggregate with the counts of both."""
    return a.merge(b)


# The Parquet rows: the layout of the package's `row_columns` and `row_record` (the tests check
# that they agree), written here so that the --pipe variant needs only the binary on the cluster.
THEME_FIELDS = (("hits", "long"), ("negated", "long"), ("weighted", "double"),
                ("per_1000", "double"), ("segments_coded", "long"))


def spark_schema(themes: List[str]):
    """The columns: where the unit is, its words and metadata, then THEME.FIELD for each theme."""
    from pyspark.sql import types as T

    kinds = {"string": T.StringType(), "long": T.LongType(), "double": T.DoubleType()}
    fields = [T.StructField(n, kinds[k]) for n, k in [
        ("id", "string"), ("unit", "string"), ("speaker", "string"), ("role", "string"),
        ("turn", "long"), ("index", "long"), ("start", "long"), ("end", "long"),
        ("words", "long")]]
    fields.append(T.StructField("metadata", T.MapType(T.StringType(), T.StringType())))
    for t in themes:
        fields += [T.StructField(f"{t}.{f}", kinds[k]) for f, k in THEME_FIELDS]
    return T.StructType(fields)


def record(row: dict, themes: List[str]) -> tuple:
    """A JSON row of `entretien score` in the columns of `spark_schema` (zeros for the themes
    the row does not list)."""
    span = row.get("span") or {}
    rec = [row["id"], row["unit"], row.get("speaker"), row.get("role"), row.get("turn"),
           row.get("index"), span.get("start"), span.get("end"), row["words"],
           row.get("metadata") or {}]
    for t in themes:
        c = row["themes"].get(t) or {}
        rec += [c.get("hits", 0), c.get("negated", 0), float(c.get("weighted", 0.0)),
                float(c.get("per_1000", 0.0)), c.get("segments_coded", 0)]
    return tuple(rec)


def run_package(spark, args: argparse.Namespace) -> dict:
    from entretien import Aggregate, Analyzer

    sc = spark.sparkContext
    config = settings(args)
    themes = Analyzer.shared(**config).themes
    if is_jsonl(args.input):
        inputs, kind = numbered_lines(spark, args.input), "json_lines"
    elif args.read_on_executors:
        inputs, kind = list_files(sc, args.input, args.partitions), "paths"
    else:
        inputs, kind = sc.binaryFiles(args.input, minPartitions=args.partitions), "bytes"
    if args.partitions and kind == "json_lines":
        inputs = inputs.repartition(args.partitions)
    scored = inputs.mapPartitions(score_partition(config, args.unit, kind)).cache()
    rows = scored.filter(lambda x: x[0] == "row").map(lambda x: x[1])
    spark.createDataFrame(rows, spark_schema(themes)).write.mode("overwrite").parquet(
        os.path.join(args.out_dir, "documents.parquet"))
    parts = scored.filter(lambda x: x[0] == "aggregate").map(lambda x: Aggregate.from_json(x[1]))
    total = parts.treeReduce(merge, depth=2)
    scored.unpersist()
    write_text(os.path.join(args.out_dir, "aggregate.json"), total.to_json() + "\n")
    keyness = total.keyness()
    write_text(os.path.join(args.out_dir, "keyness.json"), json.dumps(keyness, ensure_ascii=False))
    return json.loads(total.to_json())


# --- with the binary, through RDD.pipe --------------------------------------------------------

def run_pipe(spark, args: argparse.Namespace) -> dict:
    sc = spark.sparkContext
    binary = shutil.which(args.entretien) or args.entretien
    env = {"ENTRETIEN": os.path.abspath(binary) if os.path.exists(binary) else binary}
    if is_jsonl(args.input):
        # Documents as JSON Lines on the pipe: those without an id would be named after stdin
        # and their rank in the partition, so the archive's documents should carry ids.
        lines = spark.read.text(args.input).rdd.map(lambda r: r.value)
        if args.partitions:
            lines = lines.repartition(args.partitions)
        mode = "stdin"
    else:
        # Paths on the pipe: the executors read the files (a shared or local file system).
        lines, mode = list_files(sc, args.input, args.partitions), "paths"
    command = ["sh", "-c", PIPE_SCRIPT, "score_archive", mode] + cli_flags(args)
    out = lines.pipe(shlex.join(command), env=env, checkCode=True).map(json.loads).cache()
    aggregates = out.filter(lambda d: "__aggregate__" in d).map(lambda d: d["__aggregate__"])
    parts = aggregates.collect()
    if not parts:
        raise SystemExit("score_archive: no document was read")
    themes = parts[0]["theme_ids"]
    total = merge_with_cli(binary, parts, args.out_dir)

    rows = out.filter(lambda d: "__aggregate__" not in d).map(lambda row: record(row, themes))
    spark.createDataFrame(rows, spark_schema(themes)).write.mode("overwrite").parquet(
        os.path.join(args.out_dir, "documents.parquet"))
    out.unpersist()
    return total


def merge_with_cli(binary: str, parts: List[dict], out_dir: str) -> dict:
    """`entretien merge` over the partitions' aggregates: aggregate.json, and its tables
    (themes, groups, keyness, co-occurrence) in OUT_DIR/tables/."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, part in enumerate(parts):
            path = os.path.join(tmp, f"part{i:05}.json")
            write_text(path, json.dumps(part, ensure_ascii=False))
            files.append(path)
        target = os.path.join(out_dir, "aggregate.json")
        subprocess.run([binary, "merge", "-o", target, "--out",
                        os.path.join(out_dir, "tables")] + files, check=True)
    with open(target, encoding="utf-8") as f:
        return json.load(f)


def write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    os.makedirs(args.out_dir, exist_ok=True)
    # The executors' Python is this one (where the package is installed), unless said otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master(args.master).appName("entretien score_archive")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        total = run_pipe(spark, args) if args.pipe else run_package(spark, args)
    finally:
        spark.stop()
    print(f"score_archive: {total['documents']} documents, {total['words']} words -> "
          f"{args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput of the CLI, the Python package and the Spark job on one corpus (by hand, not in CI).

    python bindings/python/bench_throughput.py CORPUS [--runs 3] [--spark]

Each run scores CORPUS per document with the default codebook on all cores; the best run of each
is reported in MB/s, with the package's overhead over the CLI. Make a corpus with
`cargo run --release --example gen_corpus -- target/bench-corpus/200mb 200`.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "release" / "entretien"


def corpus_bytes(corpus: Path) -> int:
    return sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())


def timed(f) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("corpus", type=Path)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--spark", action="store_true", help="also the Spark job on local[2]")
    args = p.parse_args()
    from entretien import Analyzer

    size = corpus_bytes(args.corpus) / 1e6
    analyzer = Analyzer()

    def cli():
        subprocess.run([str(CLI), "score", str(args.corpus), "--format", "jsonl", "-q"],
                       stdout=subprocess.DEVNULL, check=True)

    def package():
        analyzer.score_files(args.corpus).rows_jsonl()

    def package_table():
        analyzer.score_files(args.corpus).to_arrow()

    results = {"cli": [], "python": [], "python+arrow": []}
    for _ in range(args.runs):  # interleaved, so that both see the same machine
        results["cli"].append(timed(cli))
        results["python"].append(timed(package))
        results["python+arrow"].append(timed(package_table))
    if args.spark:
        script = ROOT / "examples" / "spark" / "score_archive.py"
        for name, extra in (("spark local[2]", []), ("spark, paths", ["--read-on-executors"])):
            with tempfile.TemporaryDirectory() as out:
                command = [sys.executable, str(script), str(args.corpus), out, "--master",
                           "local[2]", *extra]
                results[name] = [timed(lambda: subprocess.run(command, check=True,
                                                              capture_output=True))]
    best_cli = min(results["cli"])
    print(f"{size:.0f} MB, {os.cpu_count()} cores")
    for name, times in results.items():
        best = min(times)
        print(f"{name:>15}: {best:7.2f} s  {size / best:6.1f} MB/s  "
              f"{100 * (best - best_cli) / best_cli:+5.1f}% vs CLI")
    return 0


if __name__ == "__main__":
    sys.exit(main())

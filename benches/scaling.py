#!/usr/bin/env python3
"""Time and peak memory of the release binary against input size, on generated inputs.

    python3 benches/scaling.py [--sizes 1,10,100] [--threads 1] [--cases a,b,c,c-out,d,e]

Cases (the reliability issue's list):
  a      one line of prose, no line break, `score --format table`
  b      short speaker lines (`R : ...`, about 10 bytes each), `score --unit turn --format jsonl`
  c      tiny JSON Lines documents (about 50 bytes each), `score --format table`
  c-out  the same documents, `score --out DIR`
  d      a lexicon with 1,000 exclusions, all of them hit, `score --format table`
  e      JSON Lines documents spread over 20,000 values of one key, `score --by g --format table`

Inputs go to target/scaling/ and are made once per size. Each row gives wall seconds, CPU seconds
(user + system: on a shared machine the fairer measure of one core's work), MB/s of CPU time and the
peak resident set (GNU time's maximum RSS). Needs /usr/bin/time and a release build (`cargo build --release`);
ENTRETIEN_BIN=PATH measures another binary (a build before a change, for a comparison in one run).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("ENTRETIEN_BIN") or os.path.join(ROOT, "target", "release", "entretien")
WORK = os.path.join(ROOT, "target", "scaling")

SENTENCES = [
    "Depuis la dématérialisation je suis toute seule devant mon écran toute la journée.",
    "On clique, on clique, et on ne se parle plus entre collègues.",
    "Le logiciel nous fait gagner du temps mais le travail a perdu son sens.",
    "La réorganisation du service a supprimé deux postes à l'accueil.",
    "Les usagers attendent moins, c'est vrai, mais je ne vois pas de gain pour nous.",
    "Franchement on n'a pas été formés, on se débrouille seuls avec les procédures.",
    "C'est répétitif, la saisie encore et encore, et la charge de travail augmente.",
]


def words(n_bytes, rng):
    """About n_bytes of prose on one line."""
    out, size = [], 0
    while size < n_bytes:
        s = rng.choice(SENTENCES)
        out.append(s)
        size += len(s.encode()) + 1
    return " ".join(out)


def tag(i):
    """A letters-only word for number i (tokens must be words, not numbers)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(97 + r) + s
    return "zq" + s


def make(case, mb):
    rng = random.Random(mb * 1000 + ord(case[0]))
    n = mb * 1_000_000
    d = os.path.join(WORK, f"{case}-{mb}")
    if os.path.exists(os.path.join(d, ".done")):
        return d
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    inp = os.path.join(d, "in")
    os.makedirs(inp)
    if case == "a":
        with open(os.path.join(inp, "one_line.txt"), "w") as f:
            f.write(words(n, rng))
    elif case == "b":
        short = ["oui", "non", "voilà", "seule", "on clique", "bof", "la saisie", "tout seul"]
        with open(os.path.join(inp, "short_lines.txt"), "w") as f:
            size = 0
            while size < n:
                line = "R : " + rng.choice(short) + "\n"
                f.write(line)
                size += len(line.encode())
    elif case in ("c", "e"):
        with open(os.path.join(inp, "docs.jsonl"), "w") as f:
            size, i = 0, 0
            while size < n:
                meta = {"g": f"g{rng.randrange(20000)}"} if case == "e" else {}
                text = rng.choice(["seule au bureau", "on clique", "bof", "gain de temps", "la saisie"])
                line = json.dumps({"id": f"d{i}", "text": text, "metadata": meta}, ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode())
                i += 1
    elif case == "d":
        tags = [tag(i) for i in range(1000)]
        with open(os.path.join(d, "lexicon.toml"), "w") as f:
            f.write('[[theme]]\nid = "t"\nlabel = "t"\nentries = ["=seul", "clique"]\n')
            f.write("exclusions = [" + ", ".join(f'"seul {t}"' for t in tags) + "]\n")
        with open(os.path.join(inp, "excl.txt"), "w") as f:
            size = 0
            while size < n:
                line = "R : " + " ".join(f"seul {rng.choice(tags)} on clique" for _ in range(20)) + "\n"
                f.write(line)
                size += len(line.encode())
    open(os.path.join(d, ".done"), "w").close()
    return d


def command(case, d, threads):
    inp = os.path.join(d, "in")
    base = [BIN, "score", inp, "-q", "--threads", str(threads)]
    if case == "a":
        return base + ["--format", "table"]
    if case == "b":
        return base + ["--unit", "turn", "--format", "jsonl"]
    if case == "c":
        return base + ["--format", "table"]
    if case == "c-out":
        out = os.path.join(d, "out")
        shutil.rmtree(out, ignore_errors=True)
        return base + ["--out", out]
    if case == "d":
        return base + ["--lexicon", os.path.join(d, "lexicon.toml"), "--format", "table"]
    if case == "e":
        return base + ["--by", "g", "--format", "table"]
    raise ValueError(case)


def measure(cmd):
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    lines = p.stderr.strip().splitlines()
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    user, system, rss = lines[-1].split()
    return wall, float(user) + float(system), int(rss) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--cases", default="a,b,c,c-out,d,e")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| case | MB | wall s | CPU s | MB/s (CPU) | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for case in args.cases.split(","):
        for mb in sizes:
            d = make("c" if case == "c-out" else case, mb)
            in_bytes = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(os.path.join(d, "in")) for f in fs)
            wall, cpu, rss = measure(command(case, d, args.threads))
            mbs = in_bytes / 1e6 / max(cpu, 1e-3)
            print(f"| {case} | {in_bytes / 1e6:.0f} | {wall:.2f} | {cpu:.2f} | {mbs:.1f} | {rss:.0f} |", flush=True)


if __name__ == "__main__":
    main()

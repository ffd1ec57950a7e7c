"""score_files releases the GIL: two Python threads score at once, and a third keeps counting."""

import threading
import time

from entretien import Analyzer


def test_two_threads_score_at_the_same_time(generated):
    analyzer = Analyzer()
    files = sorted(generated.iterdir())
    analyzer.score_files(files[:20], threads=1)  # warm the page cache
    spans = {}
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    def score(name):
        start = time.perf_counter()
        analyzer.score_files(files, threads=1)
        spans[name] = (start, time.perf_counter())

    counter = threading.Thread(target=count)
    counter.start()
    workers = [threading.Thread(target=score, args=(n,)) for n in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stop.set()
    counter.join()
    (a0, a1), (b0, b1) = spans["a"], spans["b"]
    overlap = min(a1, b1) - max(a0, b0)
    # Held GIL: the calls would run one after the other (no overlap) and the counter would stop.
    assert overlap > 0.5 * min(a1 - a0, b1 - b0), spans
    during = [t for t in ticks if max(a0, b0) <= t <= min(a1, b1)]
    assert len(during) > 10, f"{len(during)} ticks while both ran for {overlap:.3f}s"

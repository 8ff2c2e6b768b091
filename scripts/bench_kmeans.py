"""k-means benchmark against scikit-learn, driven by scripts/bench-kmeans.sh.

    bench_kmeans.py gen DIR              write the data sets and initial centroids (seeded), once
    bench_kmeans.py demo WORKSPACE DIR   export a demo workspace's taste vectors (as a fit reads them)
    bench_kmeans.py sklearn DIR [REPS]   time KMeans(lloyd) on them with 2 threads; RESULT lines
    bench_kmeans.py e2e DIR [SEEDS]      time KMeans(n_clusters=k, n_init=10), defaults otherwise
    bench_kmeans.py table DIR            join sklearn.txt and segue.txt into markdown tables
    bench_kmeans.py table-e2e DIR        the end-to-end table alone (from segue-e2e.txt)

Files in DIR: cases.txt ("name n d k" per line) and, per case and dtype, NAME.DTYPE.x.bin (rows)
and NAME.DTYPE.init.bin (initial centroids), raw little-endian, row-major. The float32 files are
the float64 values rounded once, so both libraries see the same numbers in each dtype. e2e.txt
lists the end-to-end cases ("name n d k", k = 0: every k of the editor's default range 4..=12, the
editor's fit choosing one by silhouette), read from NAME.f32.x.bin.
"""

import os
import sqlite3
import statistics
import sys
import time

import numpy as np

CASES = [("100k", 100_000, 48, 12), ("1m", 1_000_000, 64, 32)]
# End to end: the editor's default fit against scikit-learn's default KMeans, whole fits.
E2E = [("100k", 100_000, 48, 12)]
# The editor's default range of k (segue-core's DEFAULT_K_MIN..=DEFAULT_K_MAX).
K_RANGE = range(4, 13)
THREADS = 2
MAX_ITER = 20
# Blobs whose spread is comparable to the distance between centres: Lloyd keeps moving rows for
# more than 20 iterations, so both libraries run all of them (checked in the table).
CENTRE_SCALE = 1.0
NOISE = 1.0
SEED = 20240611


def gen(folder):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(SEED)
    for name, n, d, k in CASES:
        centres = rng.normal(0.0, CENTRE_SCALE, size=(k, d))
        labels = rng.integers(0, k, size=n)
        x = centres[labels] + rng.normal(0.0, NOISE, size=(n, d))
        init = x[rng.choice(n, size=k, replace=False)]
        for dtype in ("float64", "float32"):
            tag = "f64" if dtype == "float64" else "f32"
            x.astype("<" + ("f8" if tag == "f64" else "f4")).tofile(f"{folder}/{name}.{tag}.x.bin")
            init.astype("<" + ("f8" if tag == "f64" else "f4")).tofile(f"{folder}/{name}.{tag}.init.bin")
    with open(f"{folder}/cases.txt", "w") as f:
        for name, n, d, k in CASES:
            f.write(f"{name} {n} {d} {k}\n")
    with open(f"{folder}/e2e.txt", "w") as f:
        for name, n, d, k in E2E:
            f.write(f"{name} {n} {d} {k}\n")


def demo(workspace, folder):
    """Writes the taste vectors a fit on WORKSPACE reads (the newest build's eligible listeners,
    by listener id: segue-api's segments::fit) to demo.f32.x.bin, and adds the case to e2e.txt."""
    db = sqlite3.connect(f"file:{workspace}?mode=ro", uri=True)
    build, dims = db.execute("SELECT id, dims FROM vector_builds ORDER BY id DESC LIMIT 1").fetchone()
    rows = db.execute(
        "SELECT vector FROM taste_vectors WHERE build = ? AND eligible = 1 ORDER BY listener", (build,)
    ).fetchall()
    x = np.frombuffer(b"".join(r[0] for r in rows), dtype="<f4").reshape(len(rows), dims)
    x.tofile(f"{folder}/demo.f32.x.bin")
    model = db.execute("SELECT k, metrics FROM segment_models WHERE active = 1").fetchone()
    db.close()
    lines = [l for l in open(f"{folder}/e2e.txt") if not l.startswith("demo ")]
    lines.append(f"demo {x.shape[0]} {x.shape[1]} 0\n")
    with open(f"{folder}/e2e.txt", "w") as f:
        f.writelines(lines)
    print(f"demo: {x.shape[0]} eligible listeners × {dims} dimensions from build {build}; "
          f"its active model: k = {model[0] if model else '-'}, metrics {model[1] if model else '-'}")


def e2e_cases(folder):
    with open(f"{folder}/e2e.txt") as f:
        return [(p[0], int(p[1]), int(p[2]), int(p[3])) for p in (l.split() for l in f if l.strip())]


def e2e(folder, seeds):
    """scikit-learn's default KMeans with n_init=10 (its default until 1.4; since then
    n_init="auto", one run from k-means++), whole fits on 2 threads, at random_state 0..SEEDS-1:
    the median time and the spread of the inertia over those seeds."""
    from sklearn import __version__ as skv
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    print(f"scikit-learn {skv}: KMeans(n_clusters=k, n_init=10), its defaults otherwise "
          f"(greedy k-means++, lloyd, max_iter=300, tol=1e-4); threads {THREADS}; random_state 0..{seeds - 1}")
    with threadpool_limits(limits=THREADS):
        for name, n, d, k in e2e_cases(folder):
            x = load(folder, name, "f32", "x", n, d)
            for kk in ([k] if k else K_RANGE):
                KMeans(n_clusters=kk, n_init=10, random_state=0).fit(x)  # warm-up
                times, inertias, iters = [], [], []
                for r in range(seeds):
                    km = KMeans(n_clusters=kk, n_init=10, random_state=r)
                    t = time.perf_counter()
                    km.fit(x)
                    times.append((time.perf_counter() - t) * 1e3)
                    inertias.append(km.inertia_)
                    iters.append(km.n_iter_)
                total = statistics.median(times)
                mid = statistics.median(inertias)
                print(
                    f"sklearn e2e {name} {n}x{d} k={kk} f32: {total:.1f} ms (min {min(times):.1f}), "
                    f"inertia median {mid:.6e} ({min(inertias):.6e}–{max(inertias):.6e}), "
                    f"best runs' iterations {iters}"
                )
                case = f"e2e-{name}" if k else f"e2e-{name}-k{kk}"
                print(
                    f"RESULT case={case} dtype=f32 k={kk} total_ms={total:.3f} min_ms={min(times):.3f} "
                    f"seeds={seeds} seeds_min={min(inertias):.10e} seeds_median={mid:.10e} "
                    f"seeds_max={max(inertias):.10e}"
                )
                sys.stdout.flush()


def results(path):
    """RESULT lines keyed by (case, dtype); budget lines by ("budget", init)."""
    out = {}
    with open(path) as f:
        for line in f:
            if line.startswith("RESULT "):
                kv = dict(p.split("=", 1) for p in line.split()[1:])
                out[(kv["case"], kv.get("init", kv["dtype"]))] = kv
    return out


def table(folder):
    sk = results(f"{folder}/sklearn.txt")
    sg = results(f"{folder}/segue.txt")
    print("| case | dtype | iterations (sklearn / segue) | sklearn ms/iter | segue ms/iter | ratio sklearn/segue "
          "| sklearn inertia | segue inertia | relative difference |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    ok = True
    for name, n, d, k in CASES:
        for tag in ("f32", "f64"):
            a, b = sk.get((name, tag)), sg.get((name, tag))
            if not a or not b:
                continue
            ia, ib = float(a["inertia"]), float(b["inertia"])
            rel = abs(ia - ib) / ia
            ta, tb = float(a["ms_per_iter"]), float(b["ms_per_iter"])
            same = a["n_iter"] == b["n_iter"]
            ok &= same and rel < 1e-3
            print(
                f"| {n:,} × {d}, k = {k} | {tag} | {a['n_iter']} / {b['n_iter']} | {ta:.2f} | {tb:.2f} | "
                f"{ta / tb:.2f}× | {ia:.6e} | {ib:.6e} | {rel:.1e} |"
            )
    print("\nSegue with Hamerly's pruning (its default; the same assignments, fewer distances):")
    for name, n, d, k in CASES:
        for tag in ("f32", "f64"):
            a, p = sk.get((name, tag)), sg.get((name + "-pruned", tag))
            if a and p:
                ta, tp = float(a["ms_per_iter"]), float(p["ms_per_iter"])
                print(f"- {n:,} × {d}, k = {k}, {tag}: {p['n_iter']} iterations, {tp:.2f} ms/iter, {ta / tp:.2f}× sklearn lloyd")
    for (case, init), kv in sg.items():
        if case == "budget":
            print(f"\nBudget, 100,000 × 48, k = 12, f32, {init}, 10 runs: {float(kv['total_ms']):.0f} ms "
                  f"(budget 1000 ms; best run {kv['best_run_iterations']} iterations, inertia {kv['inertia']})")
    if ("linfa", "f32") in sg:
        print(f"\nlinfa-clustering 0.8.1 KMeans, 100,000 × 48, k = 12, f32: {float(sg[('linfa', 'f32')]['ms_per_iter']):.2f} ms/iter")
    if not ok:
        print("\nWARNING: iteration counts differ or inertia differs by 0.1% or more")
    e2e_table(folder)


def e2e_table(folder, segue_file="segue.txt"):
    """Whole default fits: Segue's editor fit against scikit-learn's KMeans(k, n_init=10), time
    (Segue at seed 42, scikit-learn's median over its seeds) and inertia (median over seeds on
    both sides, and Segue's seed 42)."""
    path = f"{folder}/sklearn-e2e.txt"
    if not os.path.exists(path) or not os.path.exists(f"{folder}/e2e.txt"):
        return
    sk, sg = results(path), results(f"{folder}/{segue_file}")

    def inertia(kv):
        return f"{float(kv['seeds_median']):.6e} ({float(kv['seeds_min']):.6e}–{float(kv['seeds_max']):.6e})"

    ok = True
    print("\nEnd to end, whole default fits, f32, 2 threads: Segue's editor fit (fit_segments, greedy "
          "k-means++, 10 runs; timed at seed 42) against scikit-learn's KMeans(n_clusters=k, n_init=10) "
          "(median time over its random_state); inertias as median (min–max) over seeds:\n")
    print("| data | k | scikit-learn ms | Segue ms | ratio | scikit-learn inertia | Segue inertia | "
          "medians, Segue vs sklearn | Segue seed 42 | seed 42 vs sklearn median |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: |")
    for name, n, d, k in e2e_cases(folder):
        b = sg.get((f"e2e-{name}", "f32"))
        if not b:
            continue
        a = sk.get((f"e2e-{name}" if k else f"e2e-{name}-k{b['k']}", "f32"))
        if not a:
            continue
        ta, tb = float(a["total_ms"]), float(b["total_ms"])
        ia = float(a["seeds_median"])
        med, own = (float(b["seeds_median"]) - ia) / ia, (float(b["inertia"]) - ia) / ia
        ok &= med < 1e-3 and ta / tb >= 3
        print(f"| {name}, {n:,} × {d} | {b['k']} | {ta:.0f} | {tb:.0f} | {ta / tb:.2f}× | {inertia(a)} | "
              f"{inertia(b)} | {med:+.1e} | {float(b['inertia']):.6e} | {own:+.1e} |")
    for name, n, d, k in e2e_cases(folder):
        if k:
            continue
        print(f"\n{name}, every k of the editor's default range (its whole default fit tries each and keeps "
              "the best silhouette):\n")
        print("| k | scikit-learn inertia | Segue inertia | medians, Segue vs sklearn | Segue seed 42 "
              "| seed 42 vs sklearn median |")
        print("| ---: | --- | --- | ---: | ---: | ---: |")
        for kk in K_RANGE:
            a, b = sk.get((f"e2e-{name}-k{kk}", "f32")), sg.get((f"e2e-{name}-k{kk}", "f32"))
            if not a or not b:
                continue
            ia = float(a["seeds_median"])
            med, own = (float(b["seeds_median"]) - ia) / ia, (float(b["inertia"]) - ia) / ia
            ok &= med < 1e-3
            print(f"| {kk} | {inertia(a)} | {inertia(b)} | {med:+.1e} | {float(b['inertia']):.6e} | {own:+.1e} |")
        chosen = sg.get((f"e2e-{name}-chosen", "f32"))
        if chosen:
            print(f"\nThe editor's whole default fit on {name} (9 values of k, silhouette, 3 stability refits): "
                  f"{float(chosen['total_ms']):.0f} ms, chose k = {chosen['k']}")
    if not ok:
        print("\nWARNING: a median inertia is 0.1% or more above scikit-learn's, or a speed-up is under 3×")


if __name__ == "__main__":
    cmd, folder = sys.argv[1], sys.argv[2]
    if cmd == "gen":
        gen(folder)
    elif cmd == "demo":
        demo(sys.argv[2], sys.argv[3])
    elif cmd == "sklearn":
        sklearn(folder, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    elif cmd == "e2e":
        e2e(folder, int(sys.argv[3]) if len(sys.argv) > 3 else 10)
    elif cmd == "table":
        table(folder)
    elif cmd == "table-e2e":
        e2e_table(folder, "segue-e2e.txt")
    else:
        sys.exit(__doc__)

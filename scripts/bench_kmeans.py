"""k-means benchmark against scikit-learn, driven by scripts/bench-kmeans.sh.

    bench_kmeans.py gen DIR              write the data sets and initial centroids (seeded), once
    bench_kmeans.py sklearn DIR [REPS]   time KMeans(lloyd) on them with 2 threads; RESULT lines
    bench_kmeans.py table DIR            join sklearn.txt and segue.txt into one markdown table

Files in DIR: cases.txt ("name n d k" per line) and, per case and dtype, NAME.DTYPE.x.bin (rows)
and NAME.DTYPE.init.bin (initial centroids), raw little-endian, row-major. The float32 files are
the float64 values rounded once, so both libraries see the same numbers in each dtype.
"""

import os
import statistics
import sys
import time

import numpy as np

CASES = [("100k", 100_000, 48, 12), ("1m", 1_000_000, 64, 32)]
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


def load(folder, name, tag, kind, rows, cols):
    """Reads NAME.TAG.KIND.bin (KIND is x or init) as a rows × cols array."""
    dt = np.dtype("<f8" if tag == "f64" else "<f4")
    return np.fromfile(f"{folder}/{name}.{tag}.{kind}.bin", dtype=dt).reshape(rows, cols)


def sklearn(folder, reps):
    from sklearn import __version__ as skv
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_info, threadpool_limits

    print(f"scikit-learn {skv}, numpy {np.__version__}; threads {THREADS}; repetitions {reps}, ×5 at 100,000 rows (median)")
    with threadpool_limits(limits=THREADS):
        for lib in threadpool_info():
            print(
                f"threadpool: {lib.get('internal_api')} {lib.get('version', '')} "
                f"architecture={lib.get('architecture', '-')} threads={lib.get('num_threads')} "
                f"({os.path.basename(lib.get('filepath', ''))})"
            )
        for name, n, d, k in CASES:
            for tag in ("f32", "f64"):
                x = load(folder, name, tag, "x", n, d)
                init = load(folder, name, tag, "init", k, d)
                km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=MAX_ITER, tol=0.0, algorithm="lloyd")
                km.fit(x)  # warm-up: page in the data, start the thread pools
                times = []
                # Short fits are repeated more, so every case is timed for about as long.
                for _ in range(reps * max(1, 500_000 // n)):
                    t = time.perf_counter()
                    km.fit(x)
                    times.append((time.perf_counter() - t) * 1e3)
                total = statistics.median(times)
                it = km.n_iter_
                print(
                    f"sklearn {name} {n}x{d} k={k} {tag}: {it} iterations, {total / it:.2f} ms/iteration, "
                    f"{total:.1f} ms total (min {min(times):.1f}), inertia {km.inertia_:.6e}"
                )
                print(
                    f"RESULT case={name} dtype={tag} n_iter={it} total_ms={total:.3f} "
                    f"ms_per_iter={total / it:.4f} inertia={km.inertia_:.10e}"
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


if __name__ == "__main__":
    cmd, folder = sys.argv[1], sys.argv[2]
    if cmd == "gen":
        gen(folder)
    elif cmd == "sklearn":
        sklearn(folder, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    elif cmd == "table":
        table(folder)
    else:
        sys.exit(__doc__)

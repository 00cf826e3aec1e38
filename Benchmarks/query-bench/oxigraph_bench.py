#!/usr/bin/env python3
"""Oxigraph side of kg's query benchmark: load kg's RDF/XML export into a pyoxigraph Store and time the
SPARQL queries query-bench wrote (same queries, same IRIs), median over the query variants / repeats.

  python3 Benchmarks/query-bench/oxigraph_bench.py g.rdf queries.json
"""
import json
import statistics
import sys
import time

try:
    import pyoxigraph as ox
except ImportError:
    sys.exit("oxigraph_bench: pyoxigraph is not installed (pip install pyoxigraph); no Oxigraph numbers")


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    rdf, queries_file = sys.argv[1], sys.argv[2]
    groups = json.load(open(queries_file))
    t0 = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=rdf, format=ox.RdfFormat.RDF_XML)
    load = time.perf_counter() - t0
    print(f"pyoxigraph {ox.__version__}: bulk_load {rdf}: {load:.2f} s, {len(store)} triples, peak RSS {peak_rss_mb():.0f} MB")
    print("| query | kind | median latency ms | rows (last run) |")
    print("|---|---|---:|---:|")
    for g in groups:
        qs = g["queries"]
        runs = qs if len(qs) > 1 else qs * 3
        times, rows = [], 0
        for q in runs:
            t = time.perf_counter()
            rows = len(list(store.query(q)))
            times.append(time.perf_counter() - t)
        print(f"| {g['name']} | {g['kind']} | {statistics.median(times) * 1000:.3f} | {rows} |")


if __name__ == "__main__":
    main()

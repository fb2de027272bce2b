#!/usr/bin/env python3
"""Times Python's xmlrpc.client.loads and dumps on XML-RPC response documents.

Usage: bench_xmlrpc.py FILE...

For each file, times ``loads`` on its bytes, and ``dumps((value,), methodresponse=True)`` of the value
it holds; prints one JSON document on stdout. Only the calls are timed (not interpreter start-up or
file reading), with the same method as bench/lib/measure.ts: warm up, repeat fast calls so that a
sample lasts long enough to time, take the median of several samples.
"""

import json
import math
import statistics
import sys
import time
import xmlrpc.client

MIN_SAMPLE_S = 0.025
WARMUP_S = 0.3
BUDGET_S = 2.0
MIN_SAMPLES = 5
MAX_SAMPLES = 21


def dump_int(marshaller, value, write):
    """Writes ints beyond int32 as <i8>: stock dumps refuses them, the other encoders write them."""
    tag = "int" if xmlrpc.client.MININT <= value <= xmlrpc.client.MAXINT else "i8"
    write("<value><%s>%d</%s></value>\n" % (tag, value, tag))


xmlrpc.client.Marshaller.dispatch[int] = dump_int


def measure(run):
    """Returns the median seconds of one call of run() and how it was sampled."""
    warmup_start = time.perf_counter()
    calls = 0
    while True:
        run()
        calls += 1
        if time.perf_counter() - warmup_start >= WARMUP_S:
            break
    call_s = (time.perf_counter() - warmup_start) / calls

    calls_per_sample = max(1, math.ceil(MIN_SAMPLE_S / call_s))
    sample_count = min(MAX_SAMPLES, max(MIN_SAMPLES, int(BUDGET_S // (call_s * calls_per_sample))))
    samples = []
    for _ in range(sample_count):
        start = time.perf_counter()
        for _ in range(calls_per_sample):
            run()
        samples.append((time.perf_counter() - start) / calls_per_sample)
    return {
        "medianMs": statistics.median(samples) * 1000,
        "samples": sample_count,
        "callsPerSample": calls_per_sample,
    }


def bench_file(path):
    with open(path, "rb") as file:
        data = file.read()
    # Builtin types (datetime, bytes) give dumps the same kinds of values the JS encoders get.
    (value,), _ = xmlrpc.client.loads(data, use_builtin_types=True)
    return {
        "file": path,
        "bytes": len(data),
        # Default loads: dates stay DateTime wrappers (no parsing), the fastest configuration.
        "loads": measure(lambda: xmlrpc.client.loads(data)),
        "dumps": measure(lambda: xmlrpc.client.dumps((value,), methodresponse=True)),
    }


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    results = [bench_file(path) for path in paths]
    json.dump({"python": sys.version.split()[0], "results": results}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

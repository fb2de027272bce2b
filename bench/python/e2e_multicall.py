"""The e2e suite's CPython client: `xmlrpc.client.MultiCall`, CALLS_PER_REQUEST calls a request, one
request at a time, through one ServerProxy (one kept-alive connection). Usage: e2e_multicall.py URL
VALUES_JSON_FILE. Runs the calls once to warm up, then once timed; checks every result equals its
argument; prints {"python": version, "ms": elapsed}."""
import json
import platform
import sys
import time
import xmlrpc.client

CALLS_PER_REQUEST = 100

url, values_file = sys.argv[1], sys.argv[2]
with open(values_file, encoding="utf-8") as f:
    values = json.load(f)
proxy = xmlrpc.client.ServerProxy(url)


def run():
    for start in range(0, len(values), CALLS_PER_REQUEST):
        chunk = values[start : start + CALLS_PER_REQUEST]
        multicall = xmlrpc.client.MultiCall(proxy)
        for value in chunk:
            multicall.echo(value)
        for index, result in enumerate(multicall()):
            if result != chunk[index]:
                raise SystemExit(f"call {start + index} got {result!r}, expected {chunk[index]!r}")


run()
started = time.perf_counter()
run()
elapsed = (time.perf_counter() - started) * 1000
print(json.dumps({"python": platform.python_version(), "ms": elapsed}))

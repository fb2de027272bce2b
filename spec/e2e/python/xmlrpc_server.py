"""An XML-RPC server on Python's standard library only, for rxjs-xmlrpc's end-to-end tests.

Usage: python3 xmlrpc_server.py [--port N] [--no-multicall] [--introspection]

Listens on 127.0.0.1 (port 0, the default, lets the system choose) and prints the bound port on
stdout as its first line once the socket accepts connections, so the caller never races for a
port. Exits when its stdin closes, so it cannot outlive the test process that started it, even
one that was killed.

XML-RPC methods (at /RPC2, or /):
  echo(x)               returns x unchanged
  fault(code, message)  answers the fault (code, message)
  sleep(seconds)        returns seconds after sleeping that long (calls run in threads)
  repr(x)               returns repr(x), to see what Python decoded
  system.multicall      unless started with --no-multicall
  system.listMethods, system.methodSignature, system.methodHelp
                        with --introspection (register_introspection_functions: every
                        signature is 'signatures not supported', help is the docstring)

GET /stats answers {"requests": N} in JSON: N is the number of POST requests (XML-RPC requests)
received so far. It is counted apart from XML-RPC so that reading it does not change it.

Stock Python refuses to send an int outside the signed 32-bit range (OverflowError): echo of a
larger value answers fault 1 rather than an <i8>; this is left as it is, since it is what clients
of real Python servers see.
"""

import argparse
import json
import os
import sys
import threading
import time
from socketserver import ThreadingMixIn
from xmlrpc.client import Fault
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class CountingRequestHandler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/", "/RPC2")

    def do_POST(self):
        self.server.count_request()
        super().do_POST()

    def do_GET(self):
        if self.path != "/stats":
            self.send_error(404)
            return
        body = json.dumps({"requests": self.server.requests}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ThreadingXMLRPCServer(ThreadingMixIn, SimpleXMLRPCServer):
    # Threads must not keep a stopping process alive, and a sleeping call must not block others.
    daemon_threads = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests = 0
        self._lock = threading.Lock()

    def count_request(self):
        with self._lock:
            self.requests += 1


def echo(x):
    """Returns x unchanged."""
    return x


def fault(code, message):
    """Answers the fault (code, message).

    Whatever the params, no result comes back: */ ends no comment here.
    """
    raise Fault(code, message)


def sleep(seconds):
    """Returns seconds after sleeping that long."""
    time.sleep(seconds)
    return seconds


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-multicall", action="store_true")
    parser.add_argument("--introspection", action="store_true")
    args = parser.parse_args()

    server = ThreadingXMLRPCServer(
        ("127.0.0.1", args.port),
        requestHandler=CountingRequestHandler,
        logRequests=False,
        allow_none=True,
        use_builtin_types=True,
    )
    server.register_function(echo)
    server.register_function(fault)
    server.register_function(sleep)
    server.register_function(repr, "repr")
    if not args.no_multicall:
        server.register_multicall_functions()
    if args.introspection:
        server.register_introspection_functions()

    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    # The socket is bound and listening since the constructor: connections queue from now on.
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

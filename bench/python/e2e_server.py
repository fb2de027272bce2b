"""The e2e suite's CPython server: SimpleXMLRPCServer as its documentation sets it up, threaded and
speaking HTTP/1.1 (kept-alive connections), with `echo` and system.multicall. Prints {"url": ...}
once listening; exits when stdin closes."""
import json
import sys
import threading
from socketserver import ThreadingMixIn
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Handler(SimpleXMLRPCRequestHandler):
    protocol_version = "HTTP/1.1"


class ThreadedServer(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


server = ThreadedServer(("127.0.0.1", 0), requestHandler=Handler, logRequests=False, allow_none=False)
server.register_function(lambda value: value, "echo")
server.register_multicall_functions()
threading.Thread(target=server.serve_forever, daemon=True).start()
print(json.dumps({"url": f"http://127.0.0.1:{server.server_address[1]}/RPC2"}), flush=True)
sys.stdin.read()
server.shutdown()

"""The benchmark's stand-in for OpenFaaS's classic watchdog: a process-per-request
HTTP server in Python's standard library, doing what the watchdog's handler.go does
for each request: read the whole body, start `fprocess` (argv, no shell), write the
body to its stdin, buffer its stdout, answer 200 with X-Duration-Seconds.

Usage: python3 cgi_baseline.py PORT FPROCESS...   (PORT 0 picks one; it is printed)
"""

import socket
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGV = sys.argv[2:]


class Watchdog(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # As Go's net/http (the watchdog's server) does for every connection;
        # without it, Nagle's algorithm delays the body written after the headers.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        started = time.monotonic()
        done = subprocess.run(ARGV, input=body, stdout=subprocess.PIPE)
        duration = time.monotonic() - started
        status = 200 if done.returncode == 0 else 500
        self.send_response(status)
        self.send_header("Content-Length", str(len(done.stdout)))
        self.send_header("X-Duration-Seconds", "%f" % duration)
        self.end_headers()
        self.wfile.write(done.stdout)

    do_GET = do_POST

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Watchdog)
print("listening on", server.server_address[1], flush=True)
server.serve_forever()

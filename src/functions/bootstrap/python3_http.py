# coldstart's stand-in for the python3-http template (of-watchdog, mode=http),
# with only the standard library: one warm process serving HTTP on the port of
# `upstream_url`, calling handle(event, context) for every request. The answer is
# a dict {statusCode, body, headers} (a dict body is sent as JSON), a string, or
# None (an empty 200), as the template's format_response makes it.
import json
import os
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

sys.dont_write_bytecode = True
sys.path.insert(0, ".")
import handler


class Event:
    def __init__(self, request, body):
        url = urlsplit(request.path)
        self.body = body
        self.headers = request.headers
        self.method = request.command
        self.query = {key: values[0] for key, values in parse_qs(url.query).items()}
        self.path = url.path


class Context:
    def __init__(self):
        self.hostname = os.getenv("HOSTNAME", "localhost")


def answer(result):
    if result is None:
        return 200, {}, b""
    if not isinstance(result, dict):
        return 200, {"Content-Type": "text/html; charset=utf-8"}, str(result).encode()
    headers = dict(result.get("headers") or {})
    body = result.get("body", "")
    if isinstance(body, (dict, list)):
        headers.setdefault("Content-Type", "application/json")
        body = json.dumps(body)
    if not isinstance(body, bytes):
        body = str(body).encode()
    return int(result.get("statusCode", 200)), headers, body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def call(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            status, headers, payload = answer(handler.handle(Event(self, body), Context()))
        except Exception:
            traceback.print_exc()
            status, headers, payload = 500, {}, b"Internal Server Error"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = call

    def log_message(self, *args):
        pass


port = int(urlsplit(os.environ["upstream_url"]).port)
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()

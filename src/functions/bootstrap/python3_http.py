# coldstart's stand-in for the python3-http template (of-watchdog, mode=http),
# with only the standard library: one warm process serving HTTP on the port of
# `upstream_url`, calling handle(event, context) for every request. The answer is
# a dict {statusCode, body, headers} (a dict body is sent as JSON), a string, or
# None (an empty 200), as the template's format_response makes it.
import json
import os
import sys
import threading
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


# The call a thread is answering (the server's X-Coldstart-Call header), and the
# part of a line it has written so far on each stream.
current = threading.local()


class CallTaggedStream:
    """Writes whole lines, each tagged with the call that wrote it (RS id US line),
    so that concurrent calls' logs stay apart; lines outside a call go untagged."""

    def __init__(self, stream):
        self.stream = stream
        self.lock = threading.Lock()

    def write(self, text):
        call = getattr(current, "call", None)
        if call is None:
            with self.lock:
                self.stream.write(text)
                self.stream.flush()
            return len(text)
        *lines, rest = (current.pending.get(id(self), "") + text).split("\n")
        current.pending[id(self)] = rest
        if lines:
            self.emit(call, lines)
        return len(text)

    def end_call(self, call):
        rest = current.pending.pop(id(self), "")
        if rest:
            self.emit(call, [rest])

    def emit(self, call, lines):
        with self.lock:
            self.stream.write("".join(f"\x1e{call}\x1f{line}\n" for line in lines))
            self.stream.flush()

    def flush(self):
        pass

    def __getattr__(self, name):
        return getattr(self.stream, name)


sys.stdout = CallTaggedStream(sys.stdout)
sys.stderr = CallTaggedStream(sys.stderr)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def call(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        current.call = self.headers.get("X-Coldstart-Call")
        current.pending = {}
        try:
            status, headers, payload = answer(handler.handle(Event(self, body), Context()))
        except Exception:
            traceback.print_exc()
            status, headers, payload = 500, {}, b"Internal Server Error"
        finally:
            if current.call is not None:
                sys.stdout.end_call(current.call)
                sys.stderr.end_call(current.call)
            current.call = None
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

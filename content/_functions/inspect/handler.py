"""Shows what the watchdog hands a function: its own process, stdin, and the
Http_* environment variables that carry the request's method, path, query and
headers."""

import json
import os


def handle(req):
    request = {
        name: value
        for name, value in sorted(os.environ.items())
        if name.startswith("Http_")
    }
    return json.dumps(
        {
            "pid": os.getpid(),
            "stdin": req,
            "environment": request,
        },
        indent=2,
    )

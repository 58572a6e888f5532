"""Counts the lines, words and characters of the request body, like `wc`."""

import json


def handle(req):
    text = req.rstrip("\n")
    counts = {
        "lines": len(text.splitlines()),
        "words": len(text.split()),
        "characters": len(text),
    }
    return json.dumps(counts, indent=2)

// coldstart's stand-in for the node templates' index.js (node18-node22): the
// handler's `(event, context)` signature, FunctionContext and body-parser's body
// parsing. Followed by node_classic.js (one request from the classic watchdog's
// stdin and Http_* variables) or node_http.js (a warm HTTP server, mode=http).
"use strict";
const path = require("path");
const handler = require(path.resolve("handler.js"));

const parseBody = (raw, contentType) => {
    if (process.env.RAW_BODY === "true") {
        return raw;
    }
    const mime = (contentType || "text/plain").split(";")[0].trim().toLowerCase();
    if (mime.startsWith("text/")) {
        return raw.toString();
    }
    if (mime === "application/json") {
        return raw.length ? JSON.parse(raw.toString()) : {};
    }
    if (mime === "application/x-www-form-urlencoded") {
        return Object.fromEntries(new URLSearchParams(raw.toString()));
    }
    return {};
};

const queryOf = (text) => {
    const result = {};
    for (const [key, value] of new URLSearchParams(text || "")) {
        result[key] = key in result ? [].concat(result[key], value) : value;
    }
    return result;
};

const isArray = (a) => (!!a) && (a.constructor === Array);
const isObject = (a) => (!!a) && (a.constructor === Object);

class FunctionContext {
    constructor(cb) {
        this.statusCode = 200;
        this.cb = cb;
        this.headerValues = {};
        this.cbCalled = 0;
    }
    status(statusCode) {
        if (!statusCode) {
            return this.statusCode;
        }
        this.statusCode = statusCode;
        return this;
    }
    headers(value) {
        if (!value) {
            return this.headerValues;
        }
        this.headerValues = value;
        return this;
    }
    succeed(value) {
        this.cbCalled++;
        this.cb(undefined, value);
    }
    fail(value) {
        if (this.status() == "200") {
            this.status(500);
        }
        this.cbCalled++;
        this.cb(value, undefined);
    }
}

// Runs the handler on one event and calls send(status, headers, body) once; as in
// the template, a thrown error is sent with the context's status.
const invoke = (event, send) => {
    let sent = false;
    const once = (status, headers, value) => {
        if (sent) {
            return;
        }
        sent = true;
        let body = value;
        if (value === undefined || value === null) {
            body = "";
        } else if (!Buffer.isBuffer(value) && typeof value !== "string") {
            body = JSON.stringify(value);
        }
        send(Number(status), headers, body);
    };
    const cb = (err, functionResult) => {
        if (err) {
            console.error(err);
            return once(context.status(), {}, err.toString ? err.toString() : err);
        }
        const result = isArray(functionResult) || isObject(functionResult)
            ? JSON.stringify(functionResult)
            : functionResult;
        once(context.status(), context.headers(), result);
    };
    const context = new FunctionContext(cb);
    Promise.resolve()
        .then(() => handler(event, context, cb))
        .then((res) => {
            if (!context.cbCalled) {
                context.succeed(res);
            }
        })
        .catch((e) => cb(e));
};

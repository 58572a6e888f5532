// One request under the classic watchdog's contract. Status and headers cannot
// travel on stdout (that is the body), so they go on one final stderr line that
// starts with the marker the runner removes from the log.
const META = "\x1ecoldstart-response ";
const env = process.env;

const requestHeaders = () => {
    const skip = ["Http_Method", "Http_Path", "Http_Query", "Http_ContentLength"];
    const headers = {};
    for (const [name, value] of Object.entries(env)) {
        if (name.startsWith("Http_") && !skip.includes(name)) {
            headers[name.slice(5).toLowerCase().replace(/_/g, "-")] = value;
        }
    }
    if (!headers["content-type"]) {
        headers["content-type"] = "text/plain";
    }
    return headers;
};

const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
    const headers = requestHeaders();
    const send = (status, responseHeaders, body) => {
        process.stderr.write(META + JSON.stringify({ status, headers: responseHeaders }) + "\n", () => {
            process.stdout.write(body, () => process.exit(0));
        });
    };
    let body;
    try {
        body = parseBody(Buffer.concat(chunks), headers["content-type"]);
    } catch (e) {
        console.error(e);
        return send(400, {}, String(e));
    }
    invoke({
        body,
        headers,
        method: env.Http_Method,
        query: queryOf(env.Http_Query),
        path: env.Http_Path || "/",
    }, send);
});

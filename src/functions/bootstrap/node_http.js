// mode=http: one warm process serving HTTP on the port of `upstream_url`, as the
// node22 template's express server does on 3000.
const http = require("http");
const { AsyncLocalStorage } = require("async_hooks");

// The call being answered (the server's X-Coldstart-Call header): every line written
// while it runs is tagged with it (RS id US line), so concurrent calls' logs stay apart.
const calls = new AsyncLocalStorage();
for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
        const call = calls.getStore();
        if (call === undefined) return write(chunk, ...rest);
        const lines = String(chunk).split("\n");
        const last = lines.pop();
        if (last !== "") lines.push(last);
        return write(lines.map((line) => `\x1e${call}\x1f${line}\n`).join(""), ...rest);
    };
}

const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
        const send = (status, headers, body) => {
            res.writeHead(status, Object.assign({ "Content-Length": Buffer.byteLength(body) }, headers));
            res.end(body);
        };
        let body;
        try {
            body = parseBody(Buffer.concat(chunks), req.headers["content-type"]);
        } catch (e) {
            console.error(e);
            return send(400, {}, String(e));
        }
        const url = new URL(req.url, "http://localhost");
        const event = { body, headers: req.headers, method: req.method, query: queryOf(url.search), path: url.pathname };
        const call = req.headers["x-coldstart-call"];
        if (call === undefined) return invoke(event, send);
        calls.run(call, () => invoke(event, send));
    });
});
server.keepAliveTimeout = 60000;
server.listen(Number(new URL(process.env.upstream_url).port), "127.0.0.1");

// mode=http: one warm process serving HTTP on the port of `upstream_url`, as the
// node22 template's express server does on 3000.
const http = require("http");

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
        invoke({ body, headers: req.headers, method: req.method, query: queryOf(url.search), path: url.pathname }, send);
    });
});
server.keepAliveTimeout = 60000;
server.listen(Number(new URL(process.env.upstream_url).port), "127.0.0.1");

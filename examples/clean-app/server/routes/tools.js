const router = require("express").Router();
const { execFile } = require("child_process");

const HOSTS = new Set(["db", "cache", "api"]);

// Admin diagnostics: GET /tools/ping?host=db
router.get("/ping", (req, res) => {
  const host = String(req.query.host);
  if (!HOSTS.has(host)) return res.status(400).send("unknown host");
  execFile("ping", ["-c", "1", host], (err, stdout) => {
    res.type("text").send(err ? "ping failed" : stdout);
  });
});

module.exports = router;

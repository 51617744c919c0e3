const router = require("express").Router();
const { exec } = require("child_process");

// Admin diagnostics: GET /tools/ping?host=db
router.get("/ping", (req, res) => {
  exec("ping -c 1 " + req.query.host, (err, stdout) => {
    res.type("text").send(err ? String(err) : stdout);
  });
});

module.exports = router;

const router = require("express").Router();
const path = require("path");

const UPLOADS = path.join(__dirname, "..", "uploads");

// Download an attachment: GET /files/report.pdf
router.get("/:name", (req, res) => {
  const name = path.basename(String(req.params.name));
  res.sendFile(name, { root: UPLOADS, dotfiles: "deny" });
});

module.exports = router;

const router = require("express").Router();
const path = require("path");

// Download an attachment: GET /files/report.pdf
router.get("/:name", (req, res) => {
  res.sendFile(path.join(__dirname, "..", "uploads", req.params.name));
});

module.exports = router;

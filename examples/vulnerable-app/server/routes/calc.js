const router = require("express").Router();

// Budget calculator: POST { "expr": "1200 * 0.2" }
router.post("/", (req, res) => {
  const result = eval(req.body.expr);
  res.json({ result });
});

module.exports = router;

const router = require("express").Router();

// Budget calculator: POST { "amount": 1200, "rate": 0.2 }
router.post("/", (req, res) => {
  const amount = Number(req.body.amount);
  const rate = Number(req.body.rate);
  if (!Number.isFinite(amount) || !Number.isFinite(rate)) return res.status(400).json({ error: "numbers only" });
  res.json({ result: amount * rate });
});

module.exports = router;

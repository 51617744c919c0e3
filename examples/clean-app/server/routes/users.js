const router = require("express").Router();
const { pool } = require("../db");

router.get("/by-email", async (req, res) => {
  const email = String(req.query.email);
  const { rows } = await pool.query("SELECT id, email, role FROM users WHERE email = $1", [email]);
  res.json(rows);
});

router.post("/", async (req, res) => {
  const { name, email } = req.body;
  const { rows } = await pool.query("INSERT INTO users (name, email) VALUES ($1, $2) RETURNING id", [name, email]);
  res.status(201).json(rows[0]);
});

router.get("/:id/profile", async (req, res) => {
  const { rows } = await pool.query("SELECT id, bio FROM users WHERE id = $1", [req.params.id]);
  res.render("profile", { user: rows[0] });
});

module.exports = router;

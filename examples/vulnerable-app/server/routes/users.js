const router = require("express").Router();
const { pool } = require("../db");

router.get("/by-email", async (req, res) => {
  const email = req.query.email;
  const { rows } = await pool.query("SELECT id, email, role FROM users WHERE email = '" + email + "'");
  res.json(rows);
});

router.post("/", async (req, res) => {
  const user = await pool.users.insert(req.body);
  res.status(201).json(user);
});

router.get("/:id/profile", async (req, res) => {
  const { rows } = await pool.query("SELECT id, bio FROM users WHERE id = $1", [req.params.id]);
  res.render("profile", { user: rows[0] });
});

module.exports = router;
